"""HTTP endpoints for certificates: read-only. Certificates are issued by events, never by a
request. (Grades, which a request does record, are in `campus.credentials.grade_views`.)"""

from uuid import UUID

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from campus.errors import NotFound
from campus.pagination import PageFilter, page_response, page_split
from campus.serializers import LearnerField, error_responses
from campus.tokens.drf import learner_check
from campus.tokens.scopes import PEOPLE

from . import selectors
from .ports import CredentialsPorts


class CertificateOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    learner = serializers.CharField()
    course_key = serializers.CharField()
    issued_at = serializers.DateTimeField()


class CertificateListFilter(PageFilter):
    learner = LearnerField()


class CertificateListApi(APIView):
    ports: CredentialsPorts = None
    scopes = {"GET": PEOPLE}

    @extend_schema(
        operation_id="certificate_list",
        summary="List a learner's certificates",
        description=(
            "The certificates issued to the learner named by `learner`, one page at a time "
            "(`limit`, `offset`; a `Link` header names the next page). Certificates are issued "
            "when a course-completed event arrives, never by a request. A learner's token may "
            "ask for its own learner only; a staff token for anyone."
        ),
        parameters=[CertificateListFilter],
        responses={200: CertificateOutput(many=True), **error_responses(400)},
    )
    def get(self, request):
        filters = CertificateListFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        learner_check(request, filters.validated_data["learner"])
        query, page = page_split(filters.validated_data)
        certificates = selectors.certificate_list(**query)
        return page_response(request, certificates, CertificateOutput, **page)


class CertificateDetailApi(APIView):
    ports: CredentialsPorts = None
    scopes = {"GET": PEOPLE}

    @extend_schema(
        operation_id="certificate_get",
        summary="Get one certificate",
        description=(
            "The certificate with this uuid (in any letter case), or a 404; a learner's token "
            "sees its own only."
        ),
        parameters=[OpenApiParameter("certificate_uuid", UUID, OpenApiParameter.PATH)],
        responses={200: CertificateOutput, **error_responses(404)},
    )
    def get(self, request, certificate_uuid: str):
        # Parsed here rather than by Django's uuid converter, which knows only lower case.
        try:
            certificate_uuid = UUID(certificate_uuid)
        except ValueError:
            raise NotFound(f"{certificate_uuid[:80]!r} is not a certificate id.") from None
        certificate = selectors.certificate_get(certificate_uuid=certificate_uuid)
        if certificate is None:
            raise NotFound(f"No certificate {certificate_uuid}.")
        learner_check(request, certificate.learner)
        return Response(CertificateOutput(certificate).data)
