"""Plain objects that leave the credentials service."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

__all__ = ["CertificateData"]


@dataclass(frozen=True)
class CertificateData:
    uuid: UUID
    learner: str
    course_key: str
    issued_at: datetime
