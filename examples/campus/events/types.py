"""The event types the platform publishes, named in the shape OEP-41 asks for.

OEP-41 names Open edX's events ``org.openedx.<subdomain>.<subject>.<action>.v<N>``. campus keeps
that shape in a namespace of its own, ``org.campus``, since its events are not Open edX's: Open
edX announces a completed course as ``org.openedx.learning.course.passing.status.updated.v1``
(openedx-events' COURSE_PASSING_STATUS_UPDATED), a richer event than this one.

Each type has exactly one producer, which is the source of truth for it; consumers only react.
Payloads are self-contained, so a consumer never has to call the producer back.
"""

__all__ = ["COURSE_COMPLETED", "EVENT_TYPES"]

# Published by enrollments when a learner completes a course run.
# data: {"learner": str, "course_key": str, "completed_at": ISO 8601 str}
COURSE_COMPLETED = "org.campus.learning.course.completed.v1"

EVENT_TYPES = (COURSE_COMPLETED,)
