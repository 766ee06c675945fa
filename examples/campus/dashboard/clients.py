"""HTTP adapters for the ports the dashboard depends on.

Tolerant readers (`campus.replies`): each takes the fields it shows by name and ignores any
other, so a neighbour may add fields (the catalog's ``org`` was) without a new version; an answer
without them, or with the wrong types, leaves the page without that neighbour's part, as when it
is down: never a 500.
"""

from rest_framework import serializers

from campus.http import ServiceClient
from campus.pagination import MAX_LIMIT
from campus.replies import reply_read
from campus.serializers import StrictCharField

from .data import CertificateSummary, CourseTitle, EnrollmentSummary

__all__ = ["KEYS_PER_CALL", "HttpCertificateReader", "HttpCourseCatalog", "HttpEnrollmentReader"]

KEYS_PER_CALL = 100  # the most ``?key=`` values the catalog's course list takes at once


class _Course(serializers.Serializer):
    key = StrictCharField()
    title = StrictCharField()


class _CoursePage(serializers.Serializer):
    results = _Course(many=True)


class _Enrollment(serializers.Serializer):
    course_key = StrictCharField()
    status = StrictCharField()


class _Certificate(serializers.Serializer):
    course_key = StrictCharField()
    uuid = StrictCharField()


class HttpCourseCatalog:
    def __init__(self, client: ServiceClient):
        self.client = client

    def course_titles(self, *, keys: list[str]) -> list[CourseTitle]:
        # Just the learner's runs (``?key=A&key=B``), not the whole catalog; a hundred at a time,
        # the most the catalog takes in one query.
        titles = []
        for start in range(0, len(keys), KEYS_PER_CALL):
            batch = keys[start : start + KEYS_PER_CALL]
            reply = self.client.get("/v2/courses", params={"key": batch, "limit": len(batch)})
            page = reply_read(reply, _CoursePage, callee=self.client.callee)
            titles += [CourseTitle(c["key"], c["title"]) for c in page["results"]]
        return titles


class HttpEnrollmentReader:
    def __init__(self, client: ServiceClient):
        self.client = client

    def enrollment_list(self, *, learner: str) -> list[EnrollmentSummary]:
        # One page of the most a page holds: a learner's list is short.
        reply = self.client.get("/enrollments", params={"learner": learner, "limit": MAX_LIMIT})
        listed = reply_read(reply, _Enrollment, callee=self.client.callee, many=True)
        return [EnrollmentSummary(e["course_key"], e["status"]) for e in listed]


class HttpCertificateReader:
    def __init__(self, client: ServiceClient):
        self.client = client

    def certificate_list(self, *, learner: str) -> list[CertificateSummary]:
        reply = self.client.get("/certificates", params={"learner": learner, "limit": MAX_LIMIT})
        listed = reply_read(reply, _Certificate, callee=self.client.callee, many=True)
        return [CertificateSummary(c["course_key"], c["uuid"]) for c in listed]
