"""Course keys, shared by every service the way Open edX shares `opaque-keys`.

A course key names a course run: ``course-v1:Org+Number+Run``. Services pass keys, never copies of
the course, so the catalog stays the one source of truth.
"""

import re

__all__ = [
    "COURSE_KEY_MAX_LENGTH",
    "COURSE_KEY_PATTERN",
    "DEMO_COURSE",
    "LEARNER_MAX_LENGTH",
    "LEARNER_PATTERN",
    "TEXT_NOT_BLANK_PATTERN",
    "TITLE_MAX_LENGTH",
    "InvalidCourseKey",
    "course_key_parse",
]

COURSE_KEY_MAX_LENGTH = 255
COURSE_KEY_PATTERN = r"^course-v1:[A-Za-z0-9_.\-]+\+[A-Za-z0-9_.\-]+\+[A-Za-z0-9_.\-]+$"
_COURSE_KEY = re.compile(COURSE_KEY_PATTERN)
# The course run every example and demo names: open for enrollment, stored by the catalog's
# migration 0002 (which keeps its own copy of the key, as migrations are frozen history).
DEMO_COURSE = "course-v1:CampusX+PY101+2026"
# A learner's username. Here rather than with the HTTP fields, so that events (whose payloads
# carry learners too) apply the very same rule as the API.
LEARNER_MAX_LENGTH = 64
LEARNER_PATTERN = r"^[A-Za-z0-9_.\-]{1,64}$"
# A course run's title, as the catalog's API and its events both check it: text that is not only
# whitespace, without NUL (PostgreSQL cannot store it). Linear in the text's length: no nested
# quantifiers can backtrack over each other.
TITLE_MAX_LENGTH = 200
TEXT_NOT_BLANK_PATTERN = r"^\s*[^\s\x00][^\x00]*$"


class InvalidCourseKey(ValueError):
    """The text is not a course key of the form ``course-v1:Org+Number+Run``."""


def course_key_parse(text: str) -> str:
    """Return ``text`` when it is a well-formed course key, else raise `InvalidCourseKey`.

    >>> course_key_parse("course-v1:CampusX+PY101+2026")
    'course-v1:CampusX+PY101+2026'
    """
    if len(text) > COURSE_KEY_MAX_LENGTH or not _COURSE_KEY.fullmatch(text):
        raise InvalidCourseKey(f"{text[:80]!r} is not a course key like 'course-v1:Org+Number+Run'")
    return text
