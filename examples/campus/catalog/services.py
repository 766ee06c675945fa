"""Writes. Each runs in one transaction on the catalog's own database."""

from datetime import date

from django.db import router, transaction

from campus.errors import Conflict, NotFound, Unprocessable

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
    *, key: str, title: str, start: date, end: date, enrollment_open: bool = True
) -> CourseData:
    if end < start:
        raise CourseDatesInvalid("A course cannot end before it starts.", field="end")
    with transaction.atomic(using=router.db_for_write(Course)):
        if Course.objects.filter(key=key).exists():
            raise CourseAlreadyExists(f"Course {key} already exists.", field="key")
        course = Course.objects.create(
            key=key, title=title, start=start, end=end, enrollment_open=enrollment_open
        )
    return course_to_data(course)


def course_enrollment_set(*, course_key: str, enrollment_open: bool) -> CourseData:
    """Open or close a course run for new enrollments."""
    with transaction.atomic(using=router.db_for_write(Course)):
        course = Course.objects.select_for_update().filter(key=course_key).first()
        if course is None:
            raise CourseNotFound(f"No course {course_key}.")
        course.enrollment_open = enrollment_open
        course.save(update_fields=["enrollment_open"])
    return course_to_data(course)
