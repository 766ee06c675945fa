"""The event types the platform publishes, named in the shape OEP-41 asks for.

OEP-41 names Open edX's events ``org.openedx.<subdomain>.<subject>.<action>.v<N>``. campus keeps
that shape in a namespace of its own, ``org.campus``, since its events are not Open edX's, with
one word per part. Their Open edX counterparts in openedx-events:
``org.openedx.content_authoring.course.catalog_info.changed.v1`` (COURSE_CATALOG_INFO_CHANGED),
``org.openedx.learning.course.enrollment.created.v1`` (COURSE_ENROLLMENT_CREATED),
``org.openedx.learning.course.passing.status.updated.v1`` (COURSE_PASSING_STATUS_UPDATED, a
richer event than ``course.completed`` here) and ``org.openedx.learning.certificate.created.v1``
(CERTIFICATE_CREATED).

Each type has exactly one producer, which is the source of truth for it; consumers only react.
Payloads are self-contained, so a consumer never has to call the producer back.
"""

__all__ = [
    "CERTIFICATE_CREATED",
    "COURSE_CHANGED",
    "COURSE_COMPLETED",
    "ENROLLMENT_CREATED",
    "EVENT_TYPES",
]

# Published by the catalog when a course run is created or changed.
# data: {"course_key": str, "title": str, "enrollment_open": bool, "changed_at": ISO 8601 str}
COURSE_CHANGED = "org.campus.content_authoring.course.changed.v1"

# Published by enrollments when a learner enrolls in a course run.
# data: {"learner": str, "course_key": str, "created_at": ISO 8601 str}
ENROLLMENT_CREATED = "org.campus.learning.enrollment.created.v1"

# Published by enrollments when a learner completes a course run.
# data: {"learner": str, "course_key": str, "completed_at": ISO 8601 str}
COURSE_COMPLETED = "org.campus.learning.course.completed.v1"

# Published by credentials when it issues a certificate.
# data: {"learner": str, "course_key": str, "uuid": str, "issued_at": ISO 8601 str}
CERTIFICATE_CREATED = "org.campus.learning.certificate.created.v1"

EVENT_TYPES = (COURSE_CHANGED, ENROLLMENT_CREATED, COURSE_COMPLETED, CERTIFICATE_CREATED)
