"""The credentials in-process Python API (OEP-49): the only entry the monolith's adapters use."""

from campus.events import COURSE_COMPLETED

from .data import CertificateData
from .grades import GradeData, grade_list, grade_record
from .models import OutboxEvent
from .selectors import certificate_get, certificate_list
from .services import course_completed_handle

__all__ = [
    "EVENT_HANDLERS",
    "OUTBOX",
    "CertificateData",
    "GradeData",
    "certificate_get",
    "certificate_list",
    "grade_list",
    "grade_record",
]

# The events this service consumes, and what it does with each. The runtime subscribes these,
# each given this service's outbox as ``events``.
EVENT_HANDLERS = {COURSE_COMPLETED: course_completed_handle}

# The outbox table this service writes its events to; the runtime runs a relay over it.
OUTBOX = OutboxEvent
