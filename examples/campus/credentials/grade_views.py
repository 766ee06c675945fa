"""The grade endpoints: enrollments' worker records a learner's grade, a person reads them.

POST /grades                 -> 201 (new) or 200 (replaced or the same): the grade
GET  /grades?learner=ada     -> 200: the learner's grades, one page at a time
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from campus.pagination import PageFilter, page_response, page_split
from campus.serializers import (
    CourseKeyField,
    LearnerField,
    StrictCharField,
    StrictFractionField,
    StrictSerializer,
    error_responses,
)
from campus.tokens.drf import learner_check
from campus.tokens.scopes import PEOPLE, SERVICE, STAFF

from . import grades
from .ports import CredentialsPorts

__all__ = ["GradeApi"]


class GradeOutput(serializers.Serializer):
    learner = serializers.CharField()
    course_key = serializers.CharField()
    letter_grade = serializers.CharField()
    percent_grade = serializers.DecimalField(max_digits=5, decimal_places=4, coerce_to_string=False)
    updated_at = serializers.DateTimeField()


class GradeInput(StrictSerializer):
    learner = LearnerField()
    course_key = CourseKeyField()
    letter_grade = StrictCharField(max_length=16)
    percent_grade = StrictFractionField()


class GradeListFilter(PageFilter):
    learner = LearnerField()


class GradeApi(APIView):
    ports: CredentialsPorts = None
    # A service's own token records a grade, or staff by hand: a learner must not grade
    # themselves.
    scopes = {"GET": PEOPLE, "POST": (SERVICE, STAFF)}

    @extend_schema(
        operation_id="grade_record",
        summary="Record a learner's grade in a course run",
        description=(
            "Stores the grade, one per learner and run: sending it again changes nothing, a new "
            "grade replaces the old (201 when new, else 200). Enrollments' worker sends it when "
            "a learner completes a run, and retries until it is stored. `percent_grade` is "
            "between 0 and 1. Needs the service or staff scope."
        ),
        request=GradeInput,
        responses={
            200: GradeOutput,
            201: GradeOutput,
            **error_responses(400, 413, 415),
        },
    )
    def post(self, request):
        body = GradeInput(data=request.data)
        body.is_valid(raise_exception=True)
        grade, created = grades.grade_record(**body.validated_data)
        answer = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(GradeOutput(grade).data, status=answer)

    @extend_schema(
        operation_id="grade_list",
        summary="List a learner's grades",
        description=(
            "The grades recorded for the learner named by `learner`, one page at a time. A "
            "learner's token may ask for its own learner only; a staff token for anyone."
        ),
        parameters=[GradeListFilter],
        responses={200: GradeOutput(many=True), **error_responses(400)},
    )
    def get(self, request):
        filters = GradeListFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        learner_check(request, filters.validated_data["learner"])
        query, page = page_split(filters.validated_data)
        return page_response(request, grades.grade_list(**query), GradeOutput, **page)
