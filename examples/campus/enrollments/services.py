"""Writes. A rejected request writes nothing: every check runs before the transaction commits."""

from django.db import IntegrityError, router, transaction
from django.utils import timezone

from campus.errors import Conflict, NotFound, Unprocessable
from campus.events import COURSE_COMPLETED, ENROLLMENT_CREATED, EventPublisher, event_create

from .data import EnrollmentData
from .models import Enrollment
from .ports import CourseCatalog
from .selectors import enrollment_to_data


class CourseNotFound(Unprocessable):
    code = "course_not_found"


class CourseClosed(Unprocessable):
    code = "course_closed"


class AlreadyEnrolled(Conflict):
    code = "already_enrolled"


class EnrollmentNotFound(NotFound):
    code = "enrollment_not_found"


class AlreadyCompleted(Conflict):
    code = "already_completed"


def enrollment_create(
    *, learner: str, course_key: str, catalog: CourseCatalog, events: EventPublisher
) -> EnrollmentData:
    """Enroll ``learner`` in an open course run and announce it (`ENROLLMENT_CREATED`, written
    to the outbox ``events`` in the same transaction)."""
    course = catalog.course_get(course_key=course_key)
    if course is None:
        raise CourseNotFound(f"No course {course_key} in the catalog.", field="course_key")
    if not course.enrollment_open:
        raise CourseClosed(f"Enrollment in {course_key} is closed.", field="course_key")
    try:
        with transaction.atomic(using=router.db_for_write(Enrollment)):
            enrollment = Enrollment.objects.create(learner=learner, course_key=course_key)
            event = event_create(
                ENROLLMENT_CREATED,
                source="enrollments",
                subject=course_key,
                data={
                    "learner": learner,
                    "course_key": course_key,
                    "created_at": enrollment.created.isoformat(),
                },
            )
            events.publish(event)
    except IntegrityError:  # the unique constraint, not a read-then-write race, is the guard
        raise AlreadyEnrolled(f"{learner} is already enrolled in {course_key}.") from None
    return enrollment_to_data(enrollment)


def enrollment_complete(*, enrollment_id: int, events: EventPublisher) -> EnrollmentData:
    """Mark the enrollment completed and announce it.

    ``events`` is the outbox: the event is written in this same transaction, so it exists if and
    only if the completion does, and a relay publishes it after the commit (ADR 15).
    """
    alias = router.db_for_write(Enrollment)
    with transaction.atomic(using=alias):
        enrollment = Enrollment.objects.select_for_update().filter(id=enrollment_id).first()
        if enrollment is None:
            raise EnrollmentNotFound(f"No enrollment {enrollment_id}.")
        if enrollment.status == Enrollment.Status.COMPLETED:
            raise AlreadyCompleted(f"Enrollment {enrollment_id} is already completed.")
        enrollment.status = Enrollment.Status.COMPLETED
        enrollment.completed_at = timezone.now()
        enrollment.save(update_fields=["status", "completed_at"])
        event = event_create(
            COURSE_COMPLETED,
            source="enrollments",
            subject=enrollment.course_key,
            data={
                "learner": enrollment.learner,
                "course_key": enrollment.course_key,
                "completed_at": enrollment.completed_at.isoformat(),
            },
        )
        events.publish(event)
    return enrollment_to_data(enrollment)
