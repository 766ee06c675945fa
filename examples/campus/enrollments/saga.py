"""The enrollment saga: a write across enrollments and the catalog, orchestrated by enrollments.

No transaction spans two services' databases, so the write is a sequence of local transactions,
each in one service, and a compensating action for each that may need undoing (the saga
pattern, https://microservices.io/patterns/data/saga.html):

1. enrollments writes the enrollment PENDING with its saga row (compensated by rejecting it);
2. the catalog reserves a seat, keyed by the saga's id (the pivot: once it holds, the saga goes
   forward; compensated by releasing the seat);
3. enrollments marks the enrollment ACTIVE and writes ``ENROLLMENT_CREATED`` to its outbox.

A refusal at 2 (full, closed) rejects the enrollment. A failure at 3 releases the seat, then
rejects. A call the catalog does not answer leaves the saga where it stands, and so does the
deadline of the request running it (no step begins after it): the recovery (`saga_recover`)
asks again, with the same key, and compensates after `MAX_ATTEMPTS` unanswered reserves.

Each step moves the saga's row from the step it expects by one conditional UPDATE, so the
request and a recovery pass running one saga at once never both win a step.

    >>> saga = saga_begin(learner="ada", course_key=DEMO_COURSE)              # doctest: +SKIP
    >>> saga_run(saga.saga_id, catalog=catalog, events=outbox).status         # doctest: +SKIP
    'active'
"""

import uuid
from datetime import timedelta

from django.db import router, transaction
from django.db.models import F
from django.utils import timezone

from campus.deadlines import current_deadline
from campus.events import ENROLLMENT_CREATED, EventPublisher, event_create
from campus.http import ServiceUnavailable

from .data import SEAT_RESERVED, EnrollmentData
from .models import Enrollment, EnrollmentSaga
from .ports import CourseCatalog
from .selectors import enrollment_to_data

__all__ = ["MAX_ATTEMPTS", "RECOVERY_BATCH", "Step", "saga_begin", "saga_recover", "saga_run"]

Step = EnrollmentSaga.Step
MAX_ATTEMPTS = 5  # unanswered reserves before the recovery gives the seat up
RECOVERY_BATCH = 100  # sagas one recovery pass takes on; the next pass takes the rest
_LIVE = (Step.RESERVE_SEAT, Step.CONFIRM, Step.RELEASE_SEAT)
# The steps that call the catalog. The confirmation is one local write: begun past the
# deadline it costs milliseconds, while a saga left pending waits for the recovery.
_CALLS = (Step.RESERVE_SEAT, Step.RELEASE_SEAT)


def saga_begin(*, learner: str, course_key: str) -> EnrollmentSaga:
    """Step 1: a PENDING enrollment and its saga, in one local transaction. Raises Django's
    ``IntegrityError`` when the learner already holds a live enrollment in the run."""
    with transaction.atomic(using=router.db_for_write(Enrollment)):
        enrollment = Enrollment.objects.create(
            learner=learner, course_key=course_key, status=Enrollment.Status.PENDING
        )
        return EnrollmentSaga.objects.create(enrollment=enrollment, saga_id=uuid.uuid4().hex)


def saga_run(
    saga_id: str, *, catalog: CourseCatalog, events: EventPublisher, after_step=None
) -> EnrollmentData:
    """Run the saga from where its row says until it ends, until a call goes unanswered, or
    until the deadline of the request it runs in has passed before a call to the catalog
    (`campus.deadlines`): then the saga waits, pending, for the recovery, and the request
    answers in time.
    ``after_step(step)`` runs once each step has committed (tests raise from it: a crash)."""
    deadline = current_deadline()
    while True:
        saga = EnrollmentSaga.objects.select_related("enrollment").get(saga_id=saga_id)
        step = _STEPS.get(saga.step)
        if deadline is not None and deadline.expired and saga.step in _CALLS:
            step = None  # no call begins past the deadline: the recovery takes it from here
        if step is None or not step(saga, catalog=catalog, events=events):
            return enrollment_to_data(Enrollment.objects.get(pk=saga.enrollment_id))
        if after_step is not None:
            after_step(saga.step)


def saga_recover(
    *,
    catalog: CourseCatalog,
    events: EventPublisher,
    stale_after_s: float = 30.0,
    batch: int = RECOVERY_BATCH,
) -> list[EnrollmentData]:
    """Finish or compensate the sagas whose row has not moved for ``stale_after_s``: those
    whose orchestrator crashed, or whose catalog did not answer. Returns where each ended.
    At most ``batch`` oldest first: after a long outage, one pass does not take them all on."""
    cutoff = timezone.now() - timedelta(seconds=stale_after_s)
    stuck = EnrollmentSaga.objects.filter(step__in=_LIVE, updated__lte=cutoff)
    ended = []
    for saga in stuck.select_related("enrollment").order_by("updated", "id")[:batch]:
        if saga.step == Step.RESERVE_SEAT and saga.attempts >= MAX_ATTEMPTS:
            _compensate(saga, reason="catalog_unavailable", error=saga.last_error)
        ended.append(saga_run(saga.saga_id, catalog=catalog, events=events))
    return ended


def _reserve_seat(saga: EnrollmentSaga, *, catalog: CourseCatalog, events) -> bool:
    course_key = saga.enrollment.course_key
    try:
        answer = catalog.seat_reserve(course_key=course_key, reservation_id=saga.saga_id)
    except ServiceUnavailable as unanswered:  # reserved or not: only asking again can tell
        return _attempt_failed(saga, unanswered)
    if answer == SEAT_RESERVED:
        return _move(saga, Step.CONFIRM)
    return _reject(saga, reason=answer)  # refused: no seat is held, nothing to release


def _confirm(saga: EnrollmentSaga, *, catalog, events: EventPublisher) -> bool:
    enrollment = saga.enrollment
    try:
        with transaction.atomic(using=router.db_for_write(Enrollment)):
            if not _move(saga, Step.DONE):
                return True  # another runner took this step
            Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.ACTIVE)
            events.publish(_created_event(enrollment))
    except Exception as failure:  # whatever stopped the commit: give the seat back
        return _compensate(saga, reason="confirm_failed", error=repr(failure))
    return True


def _release_seat(saga: EnrollmentSaga, *, catalog: CourseCatalog, events) -> bool:
    course_key = saga.enrollment.course_key
    try:
        catalog.seat_release(course_key=course_key, reservation_id=saga.saga_id)
    except ServiceUnavailable as unanswered:
        return _attempt_failed(saga, unanswered)
    return _reject(saga, reason=saga.enrollment.reason)


_STEPS = {
    Step.RESERVE_SEAT: _reserve_seat,
    Step.CONFIRM: _confirm,
    Step.RELEASE_SEAT: _release_seat,
}


def _move(saga: EnrollmentSaga, to: str, **fields) -> bool:
    """Compare and set: move the saga from the step it was read at; False if another runner
    moved it first."""
    moved = EnrollmentSaga.objects.filter(pk=saga.pk, step=saga.step)
    return bool(moved.update(step=to, updated=timezone.now(), **fields))


def _compensate(saga: EnrollmentSaga, *, reason: str, error: str) -> bool:
    with transaction.atomic(using=router.db_for_write(Enrollment)):
        if _move(saga, Step.RELEASE_SEAT, last_error=error[:500]):
            Enrollment.objects.filter(pk=saga.enrollment_id).update(reason=reason)
    saga.step = Step.RELEASE_SEAT
    return True


def _reject(saga: EnrollmentSaga, *, reason: str) -> bool:
    with transaction.atomic(using=router.db_for_write(Enrollment)):
        if _move(saga, Step.REJECTED):
            rejected = Enrollment.Status.REJECTED
            Enrollment.objects.filter(pk=saga.enrollment_id).update(status=rejected, reason=reason)
    return True


def _attempt_failed(saga: EnrollmentSaga, unanswered: Exception) -> bool:
    EnrollmentSaga.objects.filter(pk=saga.pk, step=saga.step).update(
        attempts=F("attempts") + 1, last_error=str(unanswered)[:500], updated=timezone.now()
    )
    return False


def _created_event(enrollment: Enrollment):
    return event_create(
        ENROLLMENT_CREATED,
        source="enrollments",
        subject=enrollment.course_key,
        data={
            "learner": enrollment.learner,
            "course_key": enrollment.course_key,
            "created_at": enrollment.created.isoformat(),
        },
    )
