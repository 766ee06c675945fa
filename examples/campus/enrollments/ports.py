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

from .data import CourseSummary

__all__ = ["CourseCatalog", "EnrollmentsPorts"]


class CourseCatalog(Protocol):
    def course_get(self, *, course_key: str) -> CourseSummary | None: ...


@dataclass(frozen=True)
class EnrollmentsPorts:
    catalog: CourseCatalog
    events: EventPublisher
