"""The event types the platform publishes, named as OEP-41 asks.

Each type has exactly one producer, which is the source of truth for it; consumers only react.
Payloads are self-contained, so a consumer never has to call the producer back.
"""

__all__ = ["COURSE_COMPLETED", "EVENT_TYPES"]

# Published by enrollments when a learner completes a course run.
# data: {"learner": str, "course_key": str, "completed_at": ISO 8601 str}
COURSE_COMPLETED = "org.openedx.learning.course.completed.v1"

EVENT_TYPES = (COURSE_COMPLETED,)
