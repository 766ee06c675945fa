"""A course run with a seat limit, and the one invariant the enrollment saga keeps: the seats the
catalog counts as taken are exactly the live enrollments in that run."""

import contextlib

import requests
from bearer_tokens import staff_auth
from django.db import connections

from campus.assembly.databases import MONOLITH_ALIAS, DatabaseScope, database_scope
from campus.catalog.models import Course, SeatReservation
from campus.embedded.ports import service_ports_of
from campus.enrollments.models import Enrollment, EnrollmentSaga
from campus.enrollments.saga import saga_begin, saga_run

__all__ = [
    "LIMITED",
    "Crash",
    "consistent",
    "enrollments_of",
    "limited_run",
    "saga_crashed",
    "seats_held",
]


class Crash(Exception):
    """The orchestrator dies between two steps."""


@contextlib.contextmanager
def enrollments_of(platform):
    """Enrollments' ports on ``platform``, inside its database scope for this thread."""
    ports, scope = service_ports_of(platform, "enrollments")
    with database_scope(scope):
        yield ports
    connections.close_all()


def saga_crashed(ports, *, after: str, learner: str = "ada") -> str:
    """Begin a saga in `LIMITED` and crash its orchestrator once step ``after`` committed; its
    saga id. Call inside enrollments' scope (`enrollments_of`)."""
    saga = saga_begin(learner=learner, course_key=LIMITED)

    def crash(done):
        if done == after:
            raise Crash(done)

    with contextlib.suppress(Crash):
        saga_run(saga.saga_id, catalog=ports.catalog, events=ports.events, after_step=crash)
    return saga.saga_id


LIMITED = "course-v1:CampusX+SEATS+2026"


def limited_run(platform, seats: int) -> str:
    """Create the run `LIMITED` with ``seats`` seats on ``platform``; its key."""
    body = {"key": LIMITED, "title": "Seats", "start": "2026-01-01", "end": "2026-06-30"}
    url = platform.url("catalog") + "/courses"
    made = requests.post(url, json={**body, "seat_limit": seats}, auth=staff_auth(), timeout=10)
    assert made.status_code == 201, made.text
    return LIMITED


def seats_held(platform, course_key: str = LIMITED) -> dict:
    """What each side holds for the run: seats taken, live reservations, enrollments by
    status, and sagas not yet ended. Read from the test's thread, connections closed after."""
    catalog = MONOLITH_ALIAS if platform.arch == "monolith" else "catalog"
    enrollments = MONOLITH_ALIAS if platform.arch == "monolith" else "enrollments"
    # A test that runs as enrollments (its fixture's scope) reads the catalog's side too: as an
    # observer owning both databases, or the connection guard would refuse it.
    observer = DatabaseScope("the test", {"catalog": catalog, "enrollments": enrollments})
    try:
        with database_scope(observer):
            return _held(catalog, enrollments, course_key)
    finally:
        connections[catalog].close()
        connections[enrollments].close()


def _held(catalog: str, enrollments: str, course_key: str) -> dict:
    course = Course.objects.using(catalog).get(key=course_key)
    held = SeatReservation.objects.using(catalog).filter(course=course, released=False)
    rows = Enrollment.objects.using(enrollments).filter(course_key=course_key)
    statuses = {}
    for status in rows.values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    live = EnrollmentSaga.objects.using(enrollments).exclude(step__in=["done", "rejected"])
    return {
        "taken": course.seats_taken,
        "reservations": held.count(),
        "enrolled": statuses.get("active", 0) + statuses.get("completed", 0),
        "statuses": statuses,
        "unfinished": live.filter(enrollment__course_key=course_key).count(),
    }


def consistent(held: dict) -> bool:
    """No seat held without an enrollment, and no enrollment without a seat."""
    return held["taken"] == held["reservations"] == held["enrolled"]
