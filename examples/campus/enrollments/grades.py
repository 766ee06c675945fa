"""A learner's grade, sent to credentials when they complete a run: a command, run as a task.

Open edX's LMS sends each grade to its Credentials service from a Celery task,
``send_grade_to_credentials``, which POSTs it and retries. Campus does the same with one
difference: the task is not sent from ``transaction.on_commit`` but written to enrollments'
task outbox in the completion's own transaction (`campus.events.task_outbox`), and a relay
sends it. The task (`campus.assembly.tasks`) calls `grade_send` with the `GradeBook` its
runtime plugs in. Campus has no gradebook: a completion is a pass.

    >>> grade_of(learner="ada", course_key="course-v1:campus+PY101+2025")["letter_grade"]
    'Pass'
"""

from typing import Protocol

__all__ = ["GRADE_SEND", "GradeBook", "GradeRefused", "grade_of", "grade_send"]

GRADE_SEND = "campus.enrollments.grade_send"  # the task's name, in the outbox and on the queue


class GradeRefused(Exception):
    """Credentials refused the grade (a 4xx): sending it again would be refused again."""


class GradeBook(Protocol):
    def grade_record(
        self, *, learner: str, course_key: str, letter_grade: str, percent_grade: str
    ) -> None:
        """Store the grade, once however often it is sent. Raises `GradeRefused` for a 4xx,
        `campus.http.ServiceUnavailable` when credentials does not answer (worth a retry)."""
        ...


def grade_of(*, learner: str, course_key: str) -> dict:
    """The task's arguments for a completed run: JSON values (the percent as a decimal string,
    which a float would round)."""
    return {
        "learner": learner,
        "course_key": course_key,
        "letter_grade": "Pass",
        "percent_grade": "1",
    }


def grade_send(*, grades: GradeBook, **grade) -> None:
    """What the task does: hand ``grade`` (`grade_of`) to the gradebook."""
    grades.grade_record(**grade)
