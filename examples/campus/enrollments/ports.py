"""What enrollments needs from its neighbours, as interfaces it owns (dependency inversion).

The monolith plugs in adapters that call the catalog's Python API; the microservices plug in the
HTTP adapters from ``clients.py``. The service code below cannot tell which.
"""

from dataclasses import dataclass
from typing import Protocol

from campus.events import EventPublisher

from .data import CourseSummary

__all__ = ["CourseCatalog", "EnrollmentsPorts"]


class CourseCatalog(Protocol):
    def course_get(self, *, course_key: str) -> CourseSummary | None: ...


@dataclass(frozen=True)
class EnrollmentsPorts:
    catalog: CourseCatalog
    events: EventPublisher
