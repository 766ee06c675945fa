from django.urls import path, re_path

from .ports import CatalogPorts
from .views import CourseDetailApi, CourseListApi, SeatApi


def build_urlpatterns(ports: CatalogPorts) -> list:
    """The catalog's routes, with its ports injected into the views."""
    return [
        path("courses", CourseListApi.as_view(ports=ports)),
        path("courses/<str:course_key>", CourseDetailApi.as_view(ports=ports)),
        re_path(
            r"^courses/(?P<course_key>[^/]+)/seats/(?P<reservation_id>[A-Za-z0-9_-]{1,64})$",
            SeatApi.as_view(ports=ports),
        ),
    ]
