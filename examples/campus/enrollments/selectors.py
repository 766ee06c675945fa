"""Reads."""

from campus.pagination import QueryRows

from .data import EnrollmentData
from .models import Enrollment


def enrollment_to_data(enrollment: Enrollment) -> EnrollmentData:
    e = enrollment
    return EnrollmentData(
        e.id, e.learner, e.course_key, e.status, e.created, e.completed_at, e.reason
    )


def enrollment_list(*, learner: str) -> QueryRows:
    """A learner's enrollments, oldest first, read only as far as the caller reads them."""
    return QueryRows(Enrollment.objects.filter(learner=learner), enrollment_to_data)


def enrollment_get(*, enrollment_id: int) -> EnrollmentData | None:
    enrollment = Enrollment.objects.filter(id=enrollment_id).first()
    return enrollment_to_data(enrollment) if enrollment else None
