"""Plain objects that cross the enrollments boundary, in and out."""

from dataclasses import dataclass
from datetime import datetime

__all__ = ["SEAT_RESERVED", "CourseSummary", "EnrollmentData"]

# What the catalog answers a seat reservation with when it holds one; any other answer is the
# code of its refusal (``course_full``, ``course_closed``...), which becomes the rejection reason.
SEAT_RESERVED = "reserved"


@dataclass(frozen=True)
class CourseSummary:
    """The facts enrollments needs about a course, asked of the catalog at the moment of
    enrolling and never stored."""

    key: str
    enrollment_open: bool
    seats_left: int | None = None  # None: no limit


@dataclass(frozen=True)
class EnrollmentData:
    id: int
    learner: str
    course_key: str
    status: str
    created: datetime
    completed_at: datetime | None
    reason: str = ""  # why a rejected enrollment was rejected
