"""The enrollments in-process Python API (OEP-49): the only entry the monolith's adapters use."""

from .data import EnrollmentData
from .selectors import enrollment_get, enrollment_list

__all__ = ["EnrollmentData", "enrollment_get", "enrollment_list"]
