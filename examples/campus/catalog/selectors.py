"""Reads."""

from campus.pagination import QueryRows

from .data import CourseData
from .models import Course


def course_to_data(course: Course) -> CourseData:
    c = course
    return CourseData(c.key, c.title, c.start, c.end, c.enrollment_open, c.seat_limit, c.seats_left)


def course_list(*, enrollment_open: bool | None = None, keys: list[str] | None = None) -> QueryRows:
    """Every course run, ordered by key; only ``keys`` when given (unknown keys are skipped).
    Rows are read only as far as the caller reads them: a page reads a page."""
    courses = Course.objects.all()
    if keys is not None:
        courses = courses.filter(key__in=keys)
    if enrollment_open is not None:
        courses = courses.filter(enrollment_open=enrollment_open)
    return QueryRows(courses, course_to_data)


def course_get(*, course_key: str) -> CourseData | None:
    course = Course.objects.filter(key=course_key).first()
    return course_to_data(course) if course else None
