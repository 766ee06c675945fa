"""Reads."""

from uuid import UUID

from .data import CertificateData
from .models import Certificate


def certificate_to_data(c: Certificate) -> CertificateData:
    return CertificateData(c.uuid, c.learner, c.course_key, c.issued_at)


def certificate_list(*, learner: str) -> list[CertificateData]:
    return [certificate_to_data(c) for c in Certificate.objects.filter(learner=learner)]


def certificate_get(*, certificate_uuid: UUID) -> CertificateData | None:
    certificate = Certificate.objects.filter(uuid=certificate_uuid).first()
    return certificate_to_data(certificate) if certificate else None
