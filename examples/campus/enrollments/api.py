"""The enrollments in-process Python API (OEP-49): the only entry the monolith's adapters use."""

from .data import EnrollmentData
from .models import OutboxEvent
from .saga import saga_recover
from .selectors import enrollment_get, enrollment_list

__all__ = ["OUTBOX", "EnrollmentData", "enrollment_get", "enrollment_list", "saga_recover"]

# The outbox table this service writes its events to; the runtime runs a relay over it.
OUTBOX = OutboxEvent
