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
    StrictIntegerField,
    StrictSerializer,
    error_responses,
)
from campus.tokens.scopes import ANYONE, STAFF

from . import selectors, services
from .ports import CatalogPorts

SEAT_LIMIT_MAX = 100_000  # more than any run holds; a larger number is a typing slip


class CourseOutput(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    enrollment_open = serializers.BooleanField()
    seat_limit = serializers.IntegerField(allow_null=True)
    seats_left = serializers.IntegerField(allow_null=True)
    # Added later, as Open edX's course API has it: a field clients that read by name ignore.
    org = serializers.SerializerMethodField(help_text="The organization named in the key.")

    def get_org(self, course) -> str:
        return course.key.removeprefix("course-v1:").split("+")[0]


class CourseCreateInput(StrictSerializer):
    key = CourseKeyField()
    title = StrictCharField(max_length=TITLE_MAX_LENGTH)
    start = serializers.DateField()
    end = serializers.DateField()
    enrollment_open = StrictBooleanField(required=False, default=True)
    # At least one seat: a run that admits nobody is closed (enrollment_open), not full.
    seat_limit = StrictIntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=SEAT_LIMIT_MAX
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
        key_check(course_key)
        course = selectors.course_get(course_key=course_key)
        if course is None:
            raise services.CourseNotFound(f"No course {course_key}.")
        return Response(CourseOutput(course).data)


def key_check(course_key: str) -> None:
    """Raise `MalformedCourseKey` (a 400 naming ``course_key``) for a key that is not one."""
    try:
        course_key_parse(course_key)
    except InvalidCourseKey as exc:
        raise MalformedCourseKey(str(exc), field="course_key") from None
