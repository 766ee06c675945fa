from django.urls import path, re_path

from .ports import CatalogPorts
from .seat_views import SeatApi
from .versions import CourseListV1Api, CourseListV2Api
from .views import CourseDetailApi


def build_urlpatterns(ports: CatalogPorts) -> list:
    """The catalog's routes, with its ports injected into the views."""
    return [
        path("courses", CourseListV1Api.as_view(ports=ports)),  # deprecated: see versions.py
        path("v2/courses", CourseListV2Api.as_view(ports=ports)),
        path("courses/<str:course_key>", CourseDetailApi.as_view(ports=ports)),
        re_path(
            # Any id: a malformed one is refused by name, not left to the unrouted 404.
            r"^courses/(?P<course_key>[^/]+)/seats/(?P<reservation_id>[^/]+)$",
            SeatApi.as_view(ports=ports),
        ),
    ]
