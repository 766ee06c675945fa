"""The catalog's in-process Python API (OEP-49): the only entry the monolith's adapters use."""

from .data import CourseData
from .selectors import course_get, course_list

__all__ = ["CourseData", "course_get", "course_list"]
