"""Writes. Each runs in one transaction on the catalog's own database, with the event that
announces it (`campus.events.COURSE_CHANGED`) written to the outbox in that same transaction."""

from datetime import date

from django.db import router, transaction
from django.utils import timezone

from campus.errors import Conflict, NotFound, Unprocessable
from campus.events import COURSE_CHANGED, EventPublisher, event_create

from .data import CourseData
from .models import Course
from .selectors import course_to_data


class CourseAlreadyExists(Conflict):
    code = "course_exists"


class CourseDatesInvalid(Unprocessable):
    code = "course_dates_invalid"


class CourseNotFound(NotFound):
    code = "course_not_found"


def course_create(
    *,
    key: str,
    title: str,
    start: date,
    end: date,
    enrollment_open: bool = True,
    seat_limit: int | None = None,
    events: EventPublisher,
) -> CourseData:
    if end < start:
        raise CourseDatesInvalid("A course cannot end before it starts.", field="end")
    with transaction.atomic(using=router.db_for_write(Course)):
        if Course.objects.filter(key=key).exists():
            raise CourseAlreadyExists(f"Course {key} already exists.", field="key")
        course = Course.objects.create(
            key=key,
            title=title,
            start=start,
            end=end,
            enrollment_open=enrollment_open,
            seat_limit=seat_limit,
        )
        events.publish(course_changed_event(course))
    return course_to_data(course)


def course_enrollment_set(
    *, course_key: str, enrollment_open: bool, events: EventPublisher
) -> CourseData:
    """Open or close a course run for new enrollments."""
    with transaction.atomic(using=router.db_for_write(Course)):
        course = Course.objects.select_for_update().filter(key=course_key).first()
        if course is None:
            raise CourseNotFound(f"No course {course_key}.")
        course.enrollment_open = enrollment_open
        course.save(update_fields=["enrollment_open"])
        events.publish(course_changed_event(course))
    return course_to_data(course)


def course_changed_event(course: Course):
    """The `COURSE_CHANGED` event that states ``course`` as it is now: a consumer keeps the
    newest it has seen (by ``changed_at``), so events that arrive out of order do no harm."""
    return event_create(
        COURSE_CHANGED,
        source="catalog",
        subject=course.key,
        data={
            "course_key": course.key,
            "title": course.title,
            "enrollment_open": course.enrollment_open,
            "changed_at": timezone.now().isoformat(),
        },
    )
