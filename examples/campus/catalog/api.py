"""The catalog's in-process Python API (OEP-49): the only entry the monolith's adapters use."""

from .data import CourseData
from .models import OutboxEvent
from .seats import CourseClosed, CourseFull, ReservationSpent, SeatData, seat_release, seat_reserve
from .selectors import course_get, course_list
from .services import CourseNotFound

__all__ = [
    "OUTBOX",
    "CourseClosed",
    "CourseData",
    "CourseFull",
    "CourseNotFound",
    "ReservationSpent",
    "SeatData",
    "course_get",
    "course_list",
    "seat_release",
    "seat_reserve",
]

# The outbox table this service writes its events to; the runtime runs a relay over it.
OUTBOX = OutboxEvent
