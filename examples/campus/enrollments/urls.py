from django.urls import re_path

from .ports import EnrollmentsPorts
from .views import EnrollmentCompleteApi, EnrollmentDetailApi, EnrollmentListApi

# Ids are bounded to 18 digits: a longer number cannot be a row id (SQLite integers are 64-bit).
_ID = r"(?P<enrollment_id>[0-9]{1,18})"


def build_urlpatterns(ports: EnrollmentsPorts) -> list:
    """The enrollments routes, with its ports injected into the views."""
    return [
        re_path(r"^enrollments$", EnrollmentListApi.as_view(ports=ports)),
        re_path(rf"^enrollments/{_ID}$", EnrollmentDetailApi.as_view(ports=ports)),
        re_path(rf"^enrollments/{_ID}/complete$", EnrollmentCompleteApi.as_view(ports=ports)),
    ]
