"""Seats, before the saga: read "seats left", then write. It works alone and oversubscribes a
limited run under concurrent requests.

Two requests that both read one seat left both write an enrollment: nothing between the read
and the write stops the second. ``between`` stands for the time that passes there (a test waits
on a barrier, so every request has read before any writes). The fix is to let the owner of the
fact decide in one conditional write: `campus.catalog.seats.seat_reserve`, driven by the
enrollment saga (`campus.enrollments.saga`).

    >>> enroll_check_then_write(learner="ada", course_key=DEMO_COURSE)  # doctest: +SKIP
"""

from django.db import router, transaction

from campus.catalog.models import Course
from campus.enrollments.models import Enrollment
from campus.enrollments.services import CourseFull

__all__ = ["enroll_check_then_write"]


def enroll_check_then_write(*, learner: str, course_key: str, between=None) -> None:
    course = Course.objects.get(key=course_key)
    left = course.seats_left  # the check...
    if left == 0:
        raise CourseFull(f"No seats left in {course_key}.")
    if between is not None:
        between()
    with transaction.atomic(using=router.db_for_write(Enrollment)):  # ...then the write
        Enrollment.objects.create(learner=learner, course_key=course_key)
        # What it read, plus one: a lost update when another request wrote meanwhile.
        Course.objects.filter(pk=course.pk).update(seats_taken=course.seats_taken + 1)
