"""Reads."""

from .data import EnrollmentData
from .models import Enrollment


def enrollment_to_data(enrollment: Enrollment) -> EnrollmentData:
    e = enrollment
    return EnrollmentData(
        e.id, e.learner, e.course_key, e.status, e.created, e.completed_at, e.reason
    )


def enrollment_list(*, learner: str) -> list[EnrollmentData]:
    return [enrollment_to_data(e) for e in Enrollment.objects.filter(learner=learner)]


def enrollment_get(*, enrollment_id: int) -> EnrollmentData | None:
    enrollment = Enrollment.objects.filter(id=enrollment_id).first()
    return enrollment_to_data(enrollment) if enrollment else None
