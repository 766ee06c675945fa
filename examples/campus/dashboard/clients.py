"""HTTP adapters for the ports the dashboard depends on."""

from campus.http import ServiceClient

from .data import CertificateSummary, CourseTitle, EnrollmentSummary

__all__ = ["HttpCertificateReader", "HttpCourseCatalog", "HttpEnrollmentReader"]


class HttpCourseCatalog:
    def __init__(self, client: ServiceClient):
        self.client = client

    def course_list(self) -> list[CourseTitle]:
        return [CourseTitle(c["key"], c["title"]) for c in self.client.get("/courses").body]


class HttpEnrollmentReader:
    def __init__(self, client: ServiceClient):
        self.client = client

    def enrollment_list(self, *, learner: str) -> list[EnrollmentSummary]:
        reply = self.client.get("/enrollments", params={"learner": learner})
        return [EnrollmentSummary(e["course_key"], e["status"]) for e in reply.body]


class HttpCertificateReader:
    def __init__(self, client: ServiceClient):
        self.client = client

    def certificate_list(self, *, learner: str) -> list[CertificateSummary]:
        reply = self.client.get("/certificates", params={"learner": learner})
        return [CertificateSummary(c["course_key"], c["uuid"]) for c in reply.body]
