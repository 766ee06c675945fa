"""The enrollments in-process Python API (OEP-49): the only entry the monolith's adapters use."""

from .data import EnrollmentData
from .grades import GRADE_SEND, grade_send
from .models import OutboxEvent, OutboxTask
from .saga import saga_recover
from .selectors import enrollment_get, enrollment_list

__all__ = [
    "GRADE_SEND",
    "OUTBOX",
    "TASK_OUTBOX",
    "EnrollmentData",
    "enrollment_get",
    "enrollment_list",
    "grade_send",
    "saga_recover",
]

# The outbox table this service writes its events to; the runtime runs a relay over it.
OUTBOX = OutboxEvent

# The outbox table of the tasks this service decides on; the runtime relays it to a task queue.
TASK_OUTBOX = OutboxTask
