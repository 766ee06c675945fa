"""Plain objects that leave the catalog (OEP-49's data.py): never a model instance."""

from dataclasses import dataclass
from datetime import date

__all__ = ["CourseData"]


@dataclass(frozen=True)
class CourseData:
    key: str
    title: str
    start: date
    end: date
    enrollment_open: bool
    seat_limit: int | None = None  # None: no limit
    seats_left: int | None = None
