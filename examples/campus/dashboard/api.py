"""The dashboard's in-process Python API (OEP-49)."""

from campus.events import CERTIFICATE_CREATED, COURSE_CHANGED, COURSE_COMPLETED, ENROLLMENT_CREATED

from .data import Dashboard
from .selectors import dashboard_get
from .services import (
    certificate_created_handle,
    course_changed_handle,
    course_completed_handle,
    enrollment_created_handle,
)

__all__ = ["EVENT_HANDLERS", "Dashboard", "dashboard_get"]

# The events that keep the read model, and what the dashboard does with each. The runtime
# subscribes these.
EVENT_HANDLERS = {
    COURSE_CHANGED: course_changed_handle,
    ENROLLMENT_CREATED: enrollment_created_handle,
    COURSE_COMPLETED: course_completed_handle,
    CERTIFICATE_CREATED: certificate_created_handle,
}
