"""HTTP adapters for the ports enrollments depends on."""

from urllib.parse import quote

from campus.http import ServiceClient

from .data import CourseSummary

__all__ = ["HttpCourseCatalog"]


class HttpCourseCatalog:
    """`CourseCatalog` over the catalog service's REST API."""

    def __init__(self, client: ServiceClient):
        self.client = client

    def course_get(self, *, course_key: str) -> CourseSummary | None:
        reply = self.client.get(f"/courses/{quote(course_key, safe=':+')}")
        if reply.status == 404:
            return None
        return CourseSummary(key=reply.body["key"], enrollment_open=reply.body["enrollment_open"])
