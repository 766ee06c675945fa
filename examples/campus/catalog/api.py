"""The catalog's in-process Python API (OEP-49): the only entry the monolith's adapters use."""

from .data import CourseData
from .models import OutboxEvent
from .selectors import course_get, course_list

__all__ = ["OUTBOX", "CourseData", "course_get", "course_list"]

# The outbox table this service writes its events to; the runtime runs a relay over it.
OUTBOX = OutboxEvent
