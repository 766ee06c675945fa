"""HTTP adapters for the ports enrollments depends on.

Tolerant readers (`campus.replies`): each reads the fields it uses by name and ignores the rest;
an answer without them, or with the wrong types, is `campus.http.BadAnswer`, a neighbour that
did not answer usefully (a 502, or for the saga an outcome still unknown), never a 500.
"""

from collections.abc import Callable
from urllib.parse import quote

from rest_framework import serializers

from campus.http import Reply, ServiceClient, ServiceUnavailable
from campus.replies import reply_read
from campus.serializers import StrictBooleanField, StrictCharField, StrictIntegerField

from .data import SEAT_RESERVED, CourseSummary
from .grades import GradeRefused

__all__ = ["HttpCourseCatalog", "HttpGradeBook"]


class _Course(serializers.Serializer):
    key = StrictCharField()
    enrollment_open = StrictBooleanField()
    # Absent: a catalog older than seat limits, which reads as no limit (null does too).
    seats_left = StrictIntegerField(required=False, allow_null=True, default=None)


class _ErrorCode(serializers.Serializer):
    code = StrictCharField()


class _Refusal(serializers.Serializer):
    error = _ErrorCode()


class HttpCourseCatalog:
    """`CourseCatalog` over the catalog service's REST API."""

    def __init__(self, client: ServiceClient):
        self.client = client

    def course_get(self, *, course_key: str) -> CourseSummary | None:
        reply = self.client.get(f"/courses/{quote(course_key, safe=':+')}")
        if reply.status == 404:
            return None
        course = reply_read(reply, _Course, callee="catalog")
        return CourseSummary(course["key"], course["enrollment_open"], course["seats_left"])

    def seat_reserve(self, *, course_key: str, reservation_id: str) -> str:
        # PUT: idempotent, so the client retries it after a timeout (campus.http).
        reply = self.client.request("PUT", _seat(course_key, reservation_id))
        if reply.status == 200:
            return SEAT_RESERVED
        return _refusal(reply)

    def seat_release(self, *, course_key: str, reservation_id: str) -> None:
        reply = self.client.request("DELETE", _seat(course_key, reservation_id))
        if reply.status not in (204, 404):  # 404: no such run, so no seat in it to free
            raise ServiceUnavailable("catalog", f"release answered {reply.status}: {reply.body}")


class HttpGradeBook:
    """`GradeBook` over credentials' REST API: ``POST /grades``, an upsert by learner and run.
    ``client()`` gives the client, made on the first grade: only the worker that sends grades
    needs credentials' URL (the saga's recovery, with the same ports, does not)."""

    def __init__(self, client: Callable[[], ServiceClient]):
        self.client = client

    def grade_record(self, **grade) -> None:
        # Not retried here (a POST): the task that calls it retries, as a whole. The percent
        # travels in the task as a decimal string; the API takes a JSON number, four places.
        body = {**grade, "percent_grade": float(grade["percent_grade"])}
        reply = self.client().post("/grades", json=body)
        if reply.status in (200, 201):
            return
        if 400 <= reply.status < 500 and reply.status != 429:
            raise GradeRefused(f"credentials refused the grade: {reply.status} {reply.body}")
        raise ServiceUnavailable("credentials", f"grade answered {reply.status}: {reply.body}")


def _seat(course_key: str, reservation_id: str) -> str:
    return f"/courses/{quote(course_key, safe=':+')}/seats/{reservation_id}"


def _refusal(reply: Reply) -> str:
    """The code of a 4xx refusal; anything else is no answer this saga can act on."""
    if reply.status in (404, 409, 422):
        refusal = reply_read(reply, _Refusal, callee="catalog", statuses=(404, 409, 422))
        return refusal["error"]["code"]
    raise ServiceUnavailable("catalog", f"reserve answered {reply.status}: {reply.body}")
