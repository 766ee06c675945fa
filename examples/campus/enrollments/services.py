"""Writes. A request refused for what it asks (an unknown, closed or full run; twice the same
enrollment) writes nothing: every check runs before the first write. Only a saga that began and
then lost its race (the run closed or filled meanwhile) leaves a record: its enrollment, rejected,
with the reason."""

from django.db import IntegrityError, router, transaction
from django.utils import timezone

from campus.errors import Conflict, DomainError, NotFound, Unprocessable
from campus.events import COURSE_COMPLETED, EventPublisher, event_create
from campus.events.task_outbox import task_enqueue

from .data import EnrollmentData
from .grades import GRADE_SEND, grade_of
from .models import Enrollment, OutboxTask
from .ports import CourseCatalog
from .saga import saga_begin, saga_run
from .selectors import enrollment_to_data


class CourseNotFound(Unprocessable):
    code = "course_not_found"


class CourseClosed(Unprocessable):
    code = "course_closed"


class CourseFull(Conflict):
    code = "course_full"


class EnrollmentFailed(DomainError):
    """The saga gave its seat back after a failure of its own: nothing is held, ask again."""

    status = 503
    code = "enrollment_failed"


class AlreadyEnrolled(Conflict):
    code = "already_enrolled"


class EnrollmentNotFound(NotFound):
    code = "enrollment_not_found"


class AlreadyCompleted(Conflict):
    code = "already_completed"


class EnrollmentNotActive(Conflict):
    code = "enrollment_not_active"


def enrollment_create(
    *, learner: str, course_key: str, catalog: CourseCatalog, events: EventPublisher
) -> EnrollmentData:
    """Enroll ``learner`` in an open course run with a seat free, through the enrollment saga
    (`campus.enrollments.saga`), run here until it ends or a call goes unanswered: the result
    is then ``pending`` and the recovery finishes it.

    The catalog's answer to the first question is a fast refusal that writes nothing; the
    seat's reservation, not that answer, is what holds: the run may close or fill in between.
    """
    course = catalog.course_get(course_key=course_key)
    if course is None:
        raise CourseNotFound(f"No course {course_key} in the catalog.", field="course_key")
    if not course.enrollment_open:
        raise CourseClosed(f"Enrollment in {course_key} is closed.", field="course_key")
    if course.seats_left == 0:
        raise CourseFull(f"No seats left in {course_key}.", field="course_key")
    try:
        saga = saga_begin(learner=learner, course_key=course_key)
    except IntegrityError:  # the unique constraint, not a read-then-write race, is the guard
        raise AlreadyEnrolled(f"{learner} is already enrolled in {course_key}.") from None
    enrollment = saga_run(saga.saga_id, catalog=catalog, events=events)
    if enrollment.status == Enrollment.Status.REJECTED:
        refusal = _REFUSALS.get(enrollment.reason, EnrollmentFailed)
        raise refusal(
            f"{learner} was not enrolled in {course_key}: {enrollment.reason}.",
            field="course_key" if refusal is not EnrollmentFailed else None,
        )
    return enrollment


# A rejection's reason (the catalog's refusal code) and what the caller is told.
_REFUSALS = {
    "course_full": CourseFull,
    "course_closed": CourseClosed,
    "course_not_found": CourseNotFound,
}


def enrollment_complete(*, enrollment_id: int, events: EventPublisher) -> EnrollmentData:
    """Mark the enrollment completed, announce it, and send the learner's grade to credentials.

    ``events`` is the outbox: the event is written in this same transaction, so it exists if and
    only if the completion does, and a relay publishes it after the commit (ADR 15). The grade
    is a command, not a fact: a task (`campus.enrollments.grades`), written to the task outbox
    in the same transaction, for the same reason.
    """
    alias = router.db_for_write(Enrollment)
    with transaction.atomic(using=alias):
        enrollment = Enrollment.objects.select_for_update().filter(id=enrollment_id).first()
        if enrollment is None:
            raise EnrollmentNotFound(f"No enrollment {enrollment_id}.")
        if enrollment.status == Enrollment.Status.COMPLETED:
            raise AlreadyCompleted(f"Enrollment {enrollment_id} is already completed.")
        if enrollment.status != Enrollment.Status.ACTIVE:
            raise EnrollmentNotActive(f"Enrollment {enrollment_id} is {enrollment.status}.")
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
        grade = grade_of(learner=enrollment.learner, course_key=enrollment.course_key)
        task_enqueue(OutboxTask, GRADE_SEND, grade)
    return enrollment_to_data(enrollment)
