from django.urls import path

from .grade_views import GradeApi
from .ports import CredentialsPorts
from .views import CertificateDetailApi, CertificateListApi


def build_urlpatterns(ports: CredentialsPorts) -> list:
    """The credentials routes, with its ports injected into the views."""
    return [
        path("certificates", CertificateListApi.as_view(ports=ports)),
        path("certificates/<str:certificate_uuid>", CertificateDetailApi.as_view(ports=ports)),
        path("grades", GradeApi.as_view(ports=ports)),
    ]
