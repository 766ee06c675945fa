"""Reads."""

from uuid import UUID

from campus.pagination import QueryRows

from .data import CertificateData
from .models import Certificate


def certificate_to_data(c: Certificate) -> CertificateData:
    return CertificateData(c.uuid, c.learner, c.course_key, c.issued_at)


def certificate_list(*, learner: str) -> QueryRows:
    """A learner's certificates, oldest first, read only as far as the caller reads them."""
    return QueryRows(Certificate.objects.filter(learner=learner), certificate_to_data)


def certificate_get(*, certificate_uuid: UUID) -> CertificateData | None:
    certificate = Certificate.objects.filter(uuid=certificate_uuid).first()
    return certificate_to_data(certificate) if certificate else None
