"""HTTP endpoints. Views only translate: validation in serializers, logic in services/selectors."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from campus.pagination import PageFilter, page_response, page_split
from campus.serializers import CourseKeyField, LearnerField, StrictSerializer, error_responses
from campus.tokens.drf import learner_check
from campus.tokens.scopes import PEOPLE, STAFF

from . import selectors, services
from .ports import EnrollmentsPorts

ENROLLMENT_ID = OpenApiParameter("enrollment_id", int, OpenApiParameter.PATH)


class EnrollmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    learner = serializers.CharField()
    course_key = serializers.CharField()
    status = serializers.ChoiceField(choices=["pending", "active", "completed", "rejected"])
    created = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    # Why a rejected enrollment was rejected (the catalog's refusal code); empty otherwise.
    reason = serializers.CharField(allow_blank=True)


class EnrollmentCreateInput(StrictSerializer):
    learner = LearnerField()
    course_key = CourseKeyField()


class EnrollmentCompleteInput(StrictSerializer):
    """No fields: completing takes no body, so any field in one is refused, not ignored."""


class EnrollmentListFilter(PageFilter):
    learner = LearnerField()


class EnrollmentListApi(APIView):
    ports: EnrollmentsPorts = None
    scopes = {"GET": PEOPLE, "POST": PEOPLE}

    @extend_schema(
        operation_id="enrollment_list",
        summary="List a learner's enrollments",
        description=(
            "The enrollments of the learner named by `learner`, active or completed, one page "
            "at a time (`limit`, `offset`; a `Link` header names the next page). A learner's "
            "token may ask for its own learner only; a staff token for anyone."
        ),
        parameters=[EnrollmentListFilter],
        responses={200: EnrollmentOutput(many=True), **error_responses(400)},
    )
    def get(self, request):
        filters = EnrollmentListFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        learner_check(request, filters.validated_data["learner"])
        query, page = page_split(filters.validated_data)
        enrollments = selectors.enrollment_list(**query)
        return page_response(request, enrollments, EnrollmentOutput, **page)

    @extend_schema(
        operation_id="enrollment_create",
        summary="Enroll a learner in a course run",
        description=(
            "Asks the catalog whether the run exists, is open and has a seat (a 422, 422 or "
            "409 if not; a 503 if the catalog does not answer in time, a 502 if its answer is "
            "not one enrollments can read), then runs the "
            "enrollment saga: a pending enrollment, a seat reserved in the catalog, the "
            "enrollment active (201). When the catalog stops answering midway the answer is "
            "a 202 with a pending enrollment and its `Location`, which the recovery finishes. "
            "Enrolling twice in one run is a 409. A learner's token enrolls only its own "
            "learner."
        ),
        request=EnrollmentCreateInput,
        responses={
            201: EnrollmentOutput,
            202: EnrollmentOutput,
            **error_responses(400, 409, 413, 415, 422, 502, 503),
        },
    )
    def post(self, request):
        body = EnrollmentCreateInput(data=request.data)
        body.is_valid(raise_exception=True)
        learner_check(request, body.validated_data["learner"])  # before anything is written
        enrollment = services.enrollment_create(
            **body.validated_data, catalog=self.ports.catalog, events=self.ports.events
        )
        data = EnrollmentOutput(enrollment).data
        if enrollment.status == "pending":  # the recovery finishes it; poll where it lives
            location = request.build_absolute_uri(f"{request.path}/{enrollment.id}")
            return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
        return Response(data, status=status.HTTP_201_CREATED)


class EnrollmentDetailApi(APIView):
    ports: EnrollmentsPorts = None
    scopes = {"GET": PEOPLE}

    @extend_schema(
        operation_id="enrollment_get",
        summary="Get one enrollment",
        description="The enrollment with this id, or a 404; a learner's token sees its own only.",
        parameters=[ENROLLMENT_ID],
        responses={200: EnrollmentOutput, **error_responses(404)},
    )
    def get(self, request, enrollment_id: str):
        enrollment = selectors.enrollment_get(enrollment_id=int(enrollment_id))
        if enrollment is None:
            raise services.EnrollmentNotFound(f"No enrollment {enrollment_id}.")
        learner_check(request, enrollment.learner)
        return Response(EnrollmentOutput(enrollment).data)


class EnrollmentCompleteApi(APIView):
    ports: EnrollmentsPorts = None
    scopes = {"POST": (STAFF,)}  # a learner cannot mark their own course passed

    @extend_schema(
        operation_id="enrollment_complete",
        summary="Complete an enrollment",
        description=(
            "Marks the enrollment completed and publishes a course-completed event, from which "
            "the credentials service issues a certificate. Takes no body (any field is a 400); "
            "completing twice is a 409. Needs the staff scope."
        ),
        request=None,
        parameters=[ENROLLMENT_ID],
        responses={200: EnrollmentOutput, **error_responses(400, 404, 409, 413, 415)},
    )
    def post(self, request, enrollment_id: str):  # a pending or rejected one is a 409
        # An empty body parses as {}; malformed JSON or any field is refused before the write.
        EnrollmentCompleteInput(data=request.data).is_valid(raise_exception=True)
        enrollment = services.enrollment_complete(
            enrollment_id=int(enrollment_id), events=self.ports.events
        )
        return Response(EnrollmentOutput(enrollment).data)
