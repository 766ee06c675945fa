"""What the dashboard needs from its neighbours, as interfaces it owns.

An adapter raises `campus.http.ServiceUnavailable` when its neighbour cannot answer; the
dashboard then serves what it has and names what is missing.
"""

from dataclasses import dataclass
from typing import Protocol

from .data import CertificateSummary, CourseTitle, EnrollmentSummary

__all__ = ["CertificateReader", "CourseCatalog", "DashboardPorts", "EnrollmentReader"]


class CourseCatalog(Protocol):
    def course_list(self) -> list[CourseTitle]: ...


class EnrollmentReader(Protocol):
    def enrollment_list(self, *, learner: str) -> list[EnrollmentSummary]: ...


class CertificateReader(Protocol):
    def certificate_list(self, *, learner: str) -> list[CertificateSummary]: ...


@dataclass(frozen=True)
class DashboardPorts:
    catalog: CourseCatalog
    enrollments: EnrollmentReader
    credentials: CertificateReader
