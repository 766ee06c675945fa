from django.urls import path

from .ports import CatalogPorts
from .versions import CourseListV1Api, CourseListV2Api
from .views import CourseDetailApi


def build_urlpatterns(ports: CatalogPorts) -> list:
    """The catalog's routes, with its ports injected into the views."""
    return [
        path("courses", CourseListV1Api.as_view(ports=ports)),  # deprecated: see versions.py
        path("v2/courses", CourseListV2Api.as_view(ports=ports)),
        path("courses/<str:course_key>", CourseDetailApi.as_view(ports=ports)),
    ]
