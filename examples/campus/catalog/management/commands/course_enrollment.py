"""Open or close a course run for new enrollments: an admin process (twelve-factor XII).

It runs the catalog's own service function with the catalog's code and configuration, once, and
exits; nothing about it is special to the command line:

    campus manage --service catalog course_enrollment close course-v1:CampusX+PY101+2026

or, from Python, inside the catalog's database scope:

    >>> with database_scope(DatabaseScope("catalog", {"catalog": "catalog"})):   # doctest: +SKIP
    ...     call_command("course_enrollment", "open", "course-v1:CampusX+PY101+2026")
"""

from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError
from django.db import router

from campus.events.outbox import TransactionalOutbox
from campus.keys import DEMO_COURSE, InvalidCourseKey, course_key_parse

from ...models import Course, OutboxEvent
from ...selectors import course_get
from ...services import CourseNotFound, course_enrollment_set

ACTIONS = {"open": True, "close": False}


class Command(BaseCommand):
    help = "Open or close a course run for new enrollments."
    # Check the models this command writes; the platform audit is a step of its own
    # (campus manage check --tag twelvefactor), not a toll on every admin task.
    requires_system_checks = [Tags.models]

    def add_arguments(self, parser):
        parser.add_argument("action", choices=sorted(ACTIONS))
        parser.add_argument("course_key", help=f"e.g. {DEMO_COURSE}")

    def handle(self, *args, action: str, course_key: str, **options):
        try:
            course_key_parse(course_key)
        except InvalidCourseKey as exc:
            raise CommandError(str(exc)) from None
        try:
            router.db_for_write(Course)
        except RuntimeError as exc:  # the runtime's router: no service bound, or another one
            raise CommandError(
                f"{exc}. Run it as the catalog: campus manage --service catalog "
                f"course_enrollment {action} {course_key}"
            ) from None
        before = course_get(course_key=course_key)
        try:
            # The change is announced like any other: through the outbox, which the running
            # platform's relay publishes.
            course = course_enrollment_set(
                course_key=course_key,
                enrollment_open=ACTIONS[action],
                events=TransactionalOutbox(OutboxEvent),
            )
        except CourseNotFound as exc:
            raise CommandError(exc.message) from None
        was = _state(before.enrollment_open) if before else "absent"
        self.stdout.write(f"{course.key}: enrollment {_state(course.enrollment_open)} (was {was})")


def _state(enrollment_open: bool) -> str:
    return "open" if enrollment_open else "closed"
