"""Plain objects: what the dashboard reads from its neighbours, and what it answers."""

from dataclasses import dataclass, field

__all__ = ["CertificateSummary", "CourseTitle", "Dashboard", "DashboardCourse", "EnrollmentSummary"]


@dataclass(frozen=True)
class CourseTitle:
    key: str
    title: str


@dataclass(frozen=True)
class EnrollmentSummary:
    course_key: str
    status: str


@dataclass(frozen=True)
class CertificateSummary:
    course_key: str
    uuid: str


@dataclass(frozen=True)
class DashboardCourse:
    course_key: str
    title: str | None  # None when the catalog could not be reached
    status: str
    certificate: str | None


@dataclass(frozen=True)
class Dashboard:
    learner: str
    courses: list[DashboardCourse]
    unavailable: list[str] = field(default_factory=list)
