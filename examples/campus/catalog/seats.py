"""Seats in a run with a limit: reserve one for a caller's idempotency key, or release it.

Both are idempotent, keyed by ``reservation_id`` (enrollments sends its saga's id): a retried
reserve holds one seat, a retried release frees at most one. The limit holds under concurrent
callers because a seat is taken by a single conditional UPDATE, which the database applies to
the row one writer at a time and re-checks after waiting (PostgreSQL re-evaluates the WHERE of
an UPDATE on the newest row version under READ COMMITTED), never by reading "seats left" first.

    >>> seat_reserve(course_key=DEMO_COURSE, reservation_id=saga_id)      # doctest: +SKIP
    SeatData(course_key='course-v1:CampusX+PY101+2026', reservation_id='5d1c0b3e...', seats_left=29)
"""

from dataclasses import dataclass

from django.db import IntegrityError, router, transaction
from django.db.models import F, Q

from campus.errors import Conflict, Unprocessable

from .models import Course, SeatReservation
from .services import CourseNotFound

__all__ = [
    "CourseClosed",
    "CourseFull",
    "ReservationSpent",
    "SeatData",
    "seat_release",
    "seat_reserve",
]


class CourseFull(Conflict):
    code = "course_full"


class CourseClosed(Unprocessable):
    code = "course_closed"


class ReservationSpent(Conflict):
    """The reservation id was released already: it cannot hold a seat again."""

    code = "reservation_released"


@dataclass(frozen=True)
class SeatData:
    course_key: str
    reservation_id: str
    seats_left: int | None  # None: the run has no limit


def seat_reserve(*, course_key: str, reservation_id: str) -> SeatData:
    """Hold one seat in an open run for ``reservation_id``, once however often it is asked."""
    try:
        with transaction.atomic(using=router.db_for_write(Course)):
            return _reserve(course_key, reservation_id)
    except IntegrityError:  # a concurrent call with the same id committed first: it holds it
        return _reserved(course_key, reservation_id)


def _reserve(course_key: str, reservation_id: str) -> SeatData:
    held = SeatReservation.objects.filter(reservation_id=reservation_id).first()
    if held is not None:
        return _answer(held, course_key, reservation_id)
    course = Course.objects.filter(key=course_key).first()
    if course is None:
        raise CourseNotFound(f"No course {course_key}.")
    taken = (
        Course.objects.filter(pk=course.pk, enrollment_open=True)
        .filter(Q(seat_limit__isnull=True) | Q(seats_taken__lt=F("seat_limit")))
        .update(seats_taken=F("seats_taken") + 1)
    )
    if not taken:
        course.refresh_from_db()
        if not course.enrollment_open:
            raise CourseClosed(f"Enrollment in {course_key} is closed.", field="course_key")
        raise CourseFull(f"No seats left in {course_key}.", field="course_key")
    SeatReservation.objects.create(reservation_id=reservation_id, course=course)
    course.refresh_from_db()
    return SeatData(course_key, reservation_id, course.seats_left)


def _reserved(course_key: str, reservation_id: str) -> SeatData:
    held = SeatReservation.objects.select_related("course").get(reservation_id=reservation_id)
    return _answer(held, course_key, reservation_id)


def _answer(held: SeatReservation, course_key: str, reservation_id: str) -> SeatData:
    if held.released:
        raise ReservationSpent(f"Reservation {reservation_id} was released.")
    if held.course.key != course_key:
        raise ReservationSpent(f"Reservation {reservation_id} holds a seat in another run.")
    return SeatData(course_key, reservation_id, held.course.seats_left)


def seat_release(*, course_key: str, reservation_id: str) -> None:
    """Free the seat ``reservation_id`` holds, if any, and spend the id: a reserve with it
    that arrives later is refused. Releasing twice, or what was never held, changes nothing."""
    with transaction.atomic(using=router.db_for_write(Course)):
        course = Course.objects.filter(key=course_key).first()
        if course is None:
            raise CourseNotFound(f"No course {course_key}.")
        held, made = SeatReservation.objects.select_for_update().get_or_create(
            reservation_id=reservation_id, defaults={"course": course, "released": True}
        )
        if made or held.released:
            return
        held.released = True
        held.save(update_fields=["released"])
        Course.objects.filter(pk=held.course_id).update(seats_taken=F("seats_taken") - 1)
