"""What enrollments needs from its neighbours, as interfaces it owns (dependency inversion).

The monolith plugs in adapters that call the catalog's Python API; the microservices plug in the
HTTP adapters from ``clients.py``. The service code below cannot tell which: both return None
for an unknown course, and only the HTTP one can fail to answer, with
`campus.http.ServiceUnavailable`, which the views answer with a 503 (part of the promise, so a
caller handles it once for every adapter).
"""

from dataclasses import dataclass
from typing import Protocol

from campus.events import EventPublisher

from .data import SEAT_RESERVED, CourseSummary
from .grades import GradeBook

__all__ = ["SEAT_RESERVED", "CourseCatalog", "EnrollmentsPorts", "GradeBook"]


class CourseCatalog(Protocol):
    def course_get(self, *, course_key: str) -> CourseSummary | None: ...

    def seat_reserve(self, *, course_key: str, reservation_id: str) -> str:
        """`SEAT_RESERVED`, or the catalog's code for its refusal. Asking again with the same
        ``reservation_id`` holds no second seat."""
        ...

    def seat_release(self, *, course_key: str, reservation_id: str) -> None:
        """Free the seat ``reservation_id`` holds, if any; a later reserve with it is refused."""
        ...


@dataclass(frozen=True)
class EnrollmentsPorts:
    catalog: CourseCatalog
    events: EventPublisher
    # Where a completion's grade goes (credentials); only the task that sends it needs it.
    grades: GradeBook | None = None
