"""Plain objects that cross the enrollments boundary, in and out."""

from dataclasses import dataclass
from datetime import datetime

__all__ = ["CourseSummary", "EnrollmentData"]


@dataclass(frozen=True)
class CourseSummary:
    """The two facts enrollments needs about a course, asked of the catalog at the moment of
    enrolling and never stored."""

    key: str
    enrollment_open: bool


@dataclass(frozen=True)
class EnrollmentData:
    id: int
    learner: str
    course_key: str
    status: str
    created: datetime
    completed_at: datetime | None
