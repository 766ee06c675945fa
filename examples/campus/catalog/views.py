"""HTTP endpoints. Views only translate: validation in serializers, logic in services/selectors."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from campus.errors import DomainError
from campus.keys import (
    COURSE_KEY_PATTERN,
    DEMO_COURSE,
    TITLE_MAX_LENGTH,
    InvalidCourseKey,
    course_key_parse,
)
from campus.pagination import PageFilter, page_response, page_split
from campus.serializers import (
    CourseKeyField,
    QueryBooleanField,
    StrictBooleanField,
    StrictCharField,
    StrictSerializer,
    error_responses,
)
from campus.tokens.scopes import ANYONE, SERVICE, STAFF

from . import seats, selectors, services
from .ports import CatalogPorts


class CourseOutput(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    enrollment_open = serializers.BooleanField()
    seat_limit = serializers.IntegerField(allow_null=True)
    seats_left = serializers.IntegerField(allow_null=True)


class CourseCreateInput(StrictSerializer):
    key = CourseKeyField()
    title = StrictCharField(max_length=TITLE_MAX_LENGTH)
    start = serializers.DateField()
    end = serializers.DateField()
    enrollment_open = StrictBooleanField(required=False, default=True)
    seat_limit = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=1_000_000
    )


class CourseListFilter(PageFilter):
    # Absent means every course; an empty or non-boolean value is an error, not "every course".
    enrollment_open = QueryBooleanField(required=False)
    # ``?key=A&key=B``: just these runs (what the dashboard asks for its learner's courses).
    key = serializers.ListField(child=CourseKeyField(), required=False, max_length=100)


class MalformedCourseKey(DomainError):
    code = "invalid_course_key"


COURSE_KEY = OpenApiParameter("course_key", str, OpenApiParameter.PATH, pattern=COURSE_KEY_PATTERN)


class CourseListApi(APIView):
    ports: CatalogPorts = None
    scopes = {"GET": ANYONE, "POST": (STAFF,)}

    @extend_schema(
        operation_id="course_list",
        summary="List courses",
        description=(
            "The course runs in the catalog, by key, one page at a time (`limit`, `offset`; a "
            "`Link` header names the next page). `key` (repeatable, up to 100) keeps only "
            "those runs; `enrollment_open=true` (or `false`) only the runs that do (or do not) "
            "accept enrollments. Any valid token."
        ),
        parameters=[CourseListFilter],
        responses={200: CourseOutput(many=True), **error_responses(400)},
    )
    def get(self, request):
        filters = CourseListFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        query, page = page_split(filters.validated_data)
        if "key" in query:
            query["keys"] = query.pop("key")
        courses = selectors.course_list(**query)
        return page_response(request, courses, CourseOutput, **page)

    @extend_schema(
        operation_id="course_create",
        summary="Create a course run",
        description=(
            f"Adds a course run under a new key such as `{DEMO_COURSE}`, with at most "
            "`seat_limit` learners when given (none by default). A key "
            "already taken is a 409; an end date before the start date is a 422. Needs the "
            "staff scope."
        ),
        request=CourseCreateInput,
        responses={201: CourseOutput, **error_responses(400, 409, 413, 415, 422)},
    )
    def post(self, request):
        body = CourseCreateInput(data=request.data)
        body.is_valid(raise_exception=True)
        course = services.course_create(**body.validated_data, events=self.ports.events)
        return Response(CourseOutput(course).data, status=status.HTTP_201_CREATED)


class CourseDetailApi(APIView):
    ports: CatalogPorts = None
    scopes = {"GET": ANYONE}

    @extend_schema(
        operation_id="course_get",
        summary="Get one course run",
        description=(
            f"The course run with this key, such as `{DEMO_COURSE}`. A malformed "
            "key is a 400, an unknown one a 404."
        ),
        parameters=[COURSE_KEY],
        responses={200: CourseOutput, **error_responses(400, 404)},
    )
    def get(self, request, course_key: str):
        _key_check(course_key)
        course = selectors.course_get(course_key=course_key)
        if course is None:
            raise services.CourseNotFound(f"No course {course_key}.")
        return Response(CourseOutput(course).data)


class SeatOutput(serializers.Serializer):
    course_key = serializers.CharField()
    reservation_id = serializers.CharField()
    seats_left = serializers.IntegerField(allow_null=True)


class SeatInput(StrictSerializer):
    """No fields: the path names the run and the reservation."""


RESERVATION_ID = OpenApiParameter(
    "reservation_id", str, OpenApiParameter.PATH, pattern=r"^[A-Za-z0-9_-]{1,64}$"
)


class SeatApi(APIView):
    """A seat held for a reservation id: PUT and DELETE are idempotent (RFC 9110 9.2.2), so
    the caller's client retries them after a timeout without holding two seats."""

    ports: CatalogPorts = None
    scopes = {"PUT": (SERVICE, STAFF), "DELETE": (SERVICE, STAFF)}

    @extend_schema(
        operation_id="seat_reserve",
        summary="Hold a seat in a course run",
        description=(
            "Holds one seat in the run for this reservation id, once however often it is sent. "
            "An unknown run is a 404; a closed run a 422; a full run, or a reservation id "
            "already released, a 409. Needs the service or staff scope."
        ),
        request=None,
        parameters=[COURSE_KEY, RESERVATION_ID],
        responses={200: SeatOutput, **error_responses(400, 404, 409, 413, 415, 422)},
    )
    def put(self, request, course_key: str, reservation_id: str):
        SeatInput(data=request.data).is_valid(raise_exception=True)
        _key_check(course_key)
        seat = seats.seat_reserve(course_key=course_key, reservation_id=reservation_id)
        return Response(SeatOutput(seat).data)

    @extend_schema(
        operation_id="seat_release",
        summary="Release a seat",
        description=(
            "Frees the seat this reservation id holds, if any, and spends the id (a later PUT "
            "with it is a 409). Releasing twice answers 204 twice. Needs the service or staff "
            "scope."
        ),
        request=None,
        parameters=[COURSE_KEY, RESERVATION_ID],
        responses={204: None, **error_responses(400, 404)},
    )
    def delete(self, request, course_key: str, reservation_id: str):
        _key_check(course_key)
        seats.seat_release(course_key=course_key, reservation_id=reservation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _key_check(course_key: str) -> None:
    try:
        course_key_parse(course_key)
    except InvalidCourseKey as exc:
        raise MalformedCourseKey(str(exc), field="course_key") from None
