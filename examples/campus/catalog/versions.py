"""The course list's two versions: ``/courses`` (v1, deprecated) and ``/v2/courses``.

v1 answers a bare JSON array of courses. An array cannot take a new page-level field (the next
page, the total) without breaking every client that reads it as an array, so v2 answers an
object, ``{"results": [...], "next": ...}``, which can grow by added fields a tolerant reader
ignores. That change is breaking, so it gets a new path; v1 keeps answering as before, with
``Deprecation`` (RFC 9745), ``Sunset`` (RFC 8594) and a ``Link`` to its successor on every
answer, until its sunset::

    $ curl -i http://127.0.0.1:8001/courses
    Deprecation: @1798761600
    Sunset: Wed, 30 Jun 2027 00:00:00 GMT
    Link: </v2/courses>; rel="successor-version"
"""

from datetime import UTC, datetime

from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from campus.serializers import error_responses

from .views import CourseListApi, CourseOutput

__all__ = [
    "V1_DEPRECATED_AT",
    "V1_SUNSET_AT",
    "CourseListV1Api",
    "CourseListV2Api",
    "v1_headers",
]

V1_DEPRECATED_AT = datetime(2027, 1, 1, tzinfo=UTC)
V1_SUNSET_AT = datetime(2027, 6, 30, tzinfo=UTC)
V1_SUCCESSOR = "/v2/courses"


def v1_headers() -> dict[str, str]:
    """What every v1 answer says of its end: RFC 9745's structured date (``@`` and Unix
    seconds), RFC 8594's HTTP-date, and RFC 8594's link to what replaces it."""
    return {
        "Deprecation": f"@{int(V1_DEPRECATED_AT.timestamp())}",
        "Sunset": http_date(V1_SUNSET_AT.timestamp()),
        "Link": f'<{V1_SUCCESSOR}>; rel="successor-version"',
    }


_HEADERS = [
    OpenApiParameter(name, str, OpenApiParameter.HEADER, response=True, description=text)
    for name, text in [
        ("Deprecation", "RFC 9745: deprecated since this date (`@` and Unix seconds)."),
        ("Sunset", "RFC 8594: no longer answered after this HTTP-date."),
        ("Link", f'`<{V1_SUCCESSOR}>; rel="successor-version"`, and the pages.'),
    ]
]


def _header_add(response, name: str, value: str) -> None:
    # A page's own Link (rel="next") stays: one field may hold several links (RFC 8288).
    present = response.headers.get(name)
    response.headers[name] = f"{value}, {present}" if present else value


@extend_schema_view(
    get=extend_schema(deprecated=True, parameters=_HEADERS),
    post=extend_schema(deprecated=True, parameters=_HEADERS),
)
class CourseListV1Api(CourseListApi):
    """``/courses``: v1, as it always answered, each answer (refusals too) with the headers of
    its deprecation."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in v1_headers().items():
            _header_add(response, name, value)
        return response


class CoursePage(serializers.Serializer):
    results = CourseOutput(many=True)
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")


def _next_page(response) -> str | None:
    links = [part.strip() for part in response.headers.get("Link", "").split(",")]
    following = [link for link in links if link.endswith('rel="next"')]
    return following[0].split(">")[0].removeprefix("<") if following else None


# A page of v2, or v1's refusals (Sphinx, which shows this file, reads a class's decorators
# and cannot read ``**`` inside them).
_V2_ANSWERS = {200: CoursePage, **error_responses(400)}


@extend_schema_view(
    get=extend_schema(operation_id="course_list_v2", responses=_V2_ANSWERS),
    post=extend_schema(operation_id="course_create_v2"),
)
class CourseListV2Api(CourseListApi):
    """``/v2/courses``: the same courses, filters and pages as v1, in an object that can grow."""

    def finalize_response(self, request, response, *args, **kwargs):
        if request.method == "GET" and response.status_code == 200:
            response.data = {"results": response.data, "next": _next_page(response)}
        return super().finalize_response(request, response, *args, **kwargs)
