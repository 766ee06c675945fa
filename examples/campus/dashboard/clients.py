"""HTTP adapters for the ports the dashboard depends on."""

from dataclasses import replace

from campus.http import Reply, ServiceClient, ServiceUnavailable
from campus.pagination import MAX_LIMIT

from .data import CertificateSummary, CourseTitle, EnrollmentSummary

__all__ = ["HttpCertificateReader", "HttpCourseCatalog", "HttpEnrollmentReader"]


def _listed(client: ServiceClient, reply: Reply) -> list[dict]:
    """The list a 200 carries. Any other answer (a neighbour refusing the token it was sent,
    say) leaves the page without that neighbour's part, as when it is down: never a 500."""
    if reply.status != 200 or not isinstance(reply.body, list):
        raise ServiceUnavailable(client.callee, f"HTTP {reply.status}")
    return reply.body


class HttpCourseCatalog:
    def __init__(self, client: ServiceClient):
        self.client = client

    def course_titles(self, *, keys: list[str]) -> list[CourseTitle]:
        # Just the learner's runs (``?key=A&key=B``), not the whole catalog. A tolerant reader:
        # it takes the two fields it shows by name and ignores any other, so the catalog may
        # add fields (``org`` was) without a new version.
        if not keys:
            return []
        reply = self.client.get("/v2/courses", params={"key": keys, "limit": len(keys)})
        page = reply.body if isinstance(reply.body, dict) else {}
        listed = _listed(self.client, replace(reply, body=page.get("results")))
        return [CourseTitle(c["key"], c["title"]) for c in listed]


class HttpEnrollmentReader:
    def __init__(self, client: ServiceClient):
        self.client = client

    def enrollment_list(self, *, learner: str) -> list[EnrollmentSummary]:
        # One page of the most a page holds: a learner's list is short.
        reply = self.client.get("/enrollments", params={"learner": learner, "limit": MAX_LIMIT})
        return [
            EnrollmentSummary(e["course_key"], e["status"]) for e in _listed(self.client, reply)
        ]


class HttpCertificateReader:
    def __init__(self, client: ServiceClient):
        self.client = client

    def certificate_list(self, *, learner: str) -> list[CertificateSummary]:
        reply = self.client.get("/certificates", params={"learner": learner, "limit": MAX_LIMIT})
        return [CertificateSummary(c["course_key"], c["uuid"]) for c in _listed(self.client, reply)]
