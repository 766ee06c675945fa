"""HTTP endpoint: one page per learner."""

from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from campus.errors import DomainError
from campus.serializers import LEARNER_PATTERN, LearnerField, error_responses
from campus.tokens.drf import learner_check
from campus.tokens.scopes import PEOPLE

from . import selectors
from .ports import DashboardPorts


class DashboardCourseOutput(serializers.Serializer):
    course_key = serializers.CharField()
    title = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    certificate = serializers.CharField(allow_null=True)


class DashboardOutput(serializers.Serializer):
    learner = serializers.CharField()
    courses = DashboardCourseOutput(many=True)
    unavailable = serializers.ListField(child=serializers.CharField())


class InvalidLearner(DomainError):
    code = "invalid_learner"


class DashboardApi(APIView):
    ports: DashboardPorts = None
    scopes = {"GET": PEOPLE}

    @extend_schema(
        operation_id="dashboard_get",
        summary="A learner's dashboard",
        description=(
            "The learner's courses with their titles, statuses and certificates, assembled from "
            "the catalog, enrollments and credentials. By default they are asked on every page: "
            "a service that does not answer is named in `unavailable` and the part it owns is "
            "left out (no courses, or no titles), and the page still answers 200; the learner's "
            "token is exchanged for one good at enrollments only and one good at credentials "
            "only (RFC 8693), and each checks it again. Deployed "
            "with `CAMPUS_DASHBOARD_READ_MODEL=on`, the page comes from the dashboard's read "
            "model of their events instead: no one is asked, and a change shows once its event "
            "has arrived. A learner's token may ask for its own page only."
        ),
        parameters=[
            OpenApiParameter("learner", str, OpenApiParameter.PATH, pattern=LEARNER_PATTERN)
        ],
        responses={200: DashboardOutput, **error_responses(400)},
    )
    def get(self, request, learner: str):
        field = LearnerField()
        try:
            learner = field.run_validation(learner)
        except serializers.ValidationError as exc:
            raise InvalidLearner(
                f"{learner[:80]!r} is not a learner name.", field="learner"
            ) from exc
        learner_check(request, learner)
        dashboard = selectors.dashboard_get(learner=learner, ports=self.ports)
        return Response(DashboardOutput(asdict(dashboard)).data)
