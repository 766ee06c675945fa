"""What the dashboard needs from its neighbours, as interfaces it owns.

An adapter raises `campus.http.ServiceUnavailable` when its neighbour cannot answer; the
dashboard then serves what it has and names what is missing.
"""

from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Protocol

from .data import CertificateSummary, CourseTitle, EnrollmentSummary

__all__ = ["CertificateReader", "CourseCatalog", "DashboardPorts", "EnrollmentReader"]


class CourseCatalog(Protocol):
    def course_titles(self, *, keys: list[str]) -> list[CourseTitle]:
        """The titles of just these course runs (unknown keys are left out)."""
        ...


class EnrollmentReader(Protocol):
    def enrollment_list(self, *, learner: str) -> list[EnrollmentSummary]: ...


class CertificateReader(Protocol):
    def certificate_list(self, *, learner: str) -> list[CertificateSummary]: ...


@dataclass(frozen=True)
class DashboardPorts:
    catalog: CourseCatalog
    enrollments: EnrollmentReader
    credentials: CertificateReader
    # Where the neighbours are asked at the same time; None asks them one after another (in
    # the monolith they are Python calls, and a thread would only add its own cost).
    fan_out: Executor | None = None
