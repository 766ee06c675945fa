from django.urls import path

from .ports import CatalogPorts
from .views import CourseDetailApi, CourseListApi


def build_urlpatterns(ports: CatalogPorts) -> list:
    """The catalog's routes, with its ports injected into the views."""
    return [
        path("courses", CourseListApi.as_view(ports=ports)),
        path("courses/<str:course_key>", CourseDetailApi.as_view(ports=ports)),
    ]
