"""Grades: what enrollments sends when a learner completes a run (a command, by a Celery task:
`campus.assembly.tasks`), kept one per learner and run.

Open edX's LMS does the same: its Celery task ``send_grade_to_credentials`` POSTs each grade to
the Credentials service, which updates or creates it. The sender retries, so a grade may arrive
twice: an upsert keyed by learner and run makes the second arrival change nothing.

    >>> grade_record(learner="ada", course_key="course-v1:campus+PY101+2025",
    ...              letter_grade="Pass", percent_grade=Decimal("1"))   # doctest: +SKIP
    (GradeData(learner='ada', ...), True)
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from campus.pagination import QueryRows

from .models import Grade

__all__ = ["GradeData", "grade_list", "grade_record"]


@dataclass(frozen=True)
class GradeData:
    learner: str
    course_key: str
    letter_grade: str
    percent_grade: Decimal
    updated_at: datetime


def grade_record(
    *, learner: str, course_key: str, letter_grade: str, percent_grade: Decimal
) -> tuple[GradeData, bool]:
    """Store the learner's grade in the run, replacing any earlier one; True when it is new."""
    # update_or_create locks the row, and on a unique-constraint race reads the winner's row.
    grade, created = Grade.objects.update_or_create(
        learner=learner,
        course_key=course_key,
        defaults={"letter_grade": letter_grade, "percent_grade": percent_grade},
    )
    return _data(grade), created


def grade_list(*, learner: str) -> QueryRows:
    """A learner's grades, read only as far as the caller reads them (a page reads a page)."""
    return QueryRows(Grade.objects.filter(learner=learner), _data)


def _data(g: Grade) -> GradeData:
    return GradeData(g.learner, g.course_key, g.letter_grade, g.percent_grade, g.updated_at)
