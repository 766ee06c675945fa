"""The enrollment saga keeps a limited run's seats and its enrollments in step, on both shapes:
under concurrent requests, after a failure at each step, and after a crash between steps."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from bearer_tokens import staff_auth
from django.db import connections
from seat_runs import (
    LIMITED,
    consistent,
    enrollments_of,
    limited_run,
    saga_crashed,
    seats_held,
)

from campus.assembly.databases import database_scope
from campus.deadlines import Deadline, current_deadline, deadline_scope
from campus.embedded import Platform
from campus.embedded.ports import service_ports_of
from campus.enrollments import services
from campus.enrollments.clients import HttpCourseCatalog
from campus.enrollments.saga import MAX_ATTEMPTS, saga_begin, saga_recover, saga_run
from campus.http import ServiceUnavailable

LEARNERS = [f"learner{n}" for n in range(8)]
SAGA_ID = "5d1c0b3e9f2a4c8e8b7a6f5e4d3c2b1a"  # as the saga makes them: a UUID's hex


class Unanswered:
    """The platform's catalog, except that the named calls go unanswered."""

    def __init__(self, catalog, *calls: str):
        self.catalog, self.calls = catalog, calls

    def __getattr__(self, name):
        if name in self.calls:

            def unanswered(**kwargs):
                raise ServiceUnavailable("catalog", "injected")

            return unanswered
        return getattr(self.catalog, name)


class Refusing:
    """An outbox that cannot take the event: the confirming transaction fails."""

    def publish(self, event):
        raise RuntimeError("injected: the outbox write failed")


@pytest.fixture
def enrollments(platform):
    """Enrollments' ports on the platform, and its database scope for this thread."""
    with enrollments_of(platform) as ports:
        yield ports


def test_concurrent_requests_never_oversubscribe_a_limited_run(platform):
    limited_run(platform, seats=3)
    url = platform.url("enrollments") + "/enrollments"

    def enroll(learner):
        body = {"learner": learner, "course_key": LIMITED}
        return requests.post(url, json=body, auth=staff_auth(), timeout=30).status_code

    with ThreadPoolExecutor(len(LEARNERS)) as pool:
        answers = list(pool.map(enroll, LEARNERS))
    assert answers.count(201) == 3, answers
    assert set(answers) <= {201, 409}, answers  # the others: course_full
    held = seats_held(platform)
    assert held["enrolled"] == 3, held
    assert consistent(held), held


def test_the_seat_reservation_holds_where_check_then_write_would_oversubscribe(
    platform, enrollments
):
    """Every request passes the check before any reserves (a barrier): the catalog's
    conditional write still gives out three seats, and the five others are rejected."""
    limited_run(platform, seats=3)
    barrier = threading.Barrier(len(LEARNERS))
    checked = _CheckedThenWaits(enrollments.catalog, barrier)
    _, scope = service_ports_of(platform, "enrollments")  # the fixture's is this thread's only

    def enroll(learner):
        with database_scope(scope):
            try:
                return services.enrollment_create(
                    learner=learner, course_key=LIMITED, catalog=checked, events=enrollments.events
                ).status
            except services.CourseFull:
                return "full"
            finally:
                connections.close_all()

    with ThreadPoolExecutor(len(LEARNERS)) as pool:
        outcomes = sorted(pool.map(enroll, LEARNERS))
    assert outcomes == ["active"] * 3 + ["full"] * 5
    held = seats_held(platform)
    assert held["statuses"] == {"active": 3, "rejected": 5}, held
    assert consistent(held), held


class _CheckedThenWaits:
    def __init__(self, catalog, barrier):
        self.catalog, self.barrier = catalog, barrier

    def course_get(self, **kwargs):
        course = self.catalog.course_get(**kwargs)
        self.barrier.wait(timeout=30)
        return course

    def __getattr__(self, name):
        return getattr(self.catalog, name)


def test_an_unanswered_reserve_leaves_it_pending_until_the_recovery_finishes_it(
    platform, enrollments
):
    limited_run(platform, seats=1)
    saga = saga_begin(learner="ada", course_key=LIMITED)
    catalog, events = enrollments.catalog, enrollments.events
    pending = saga_run(saga.saga_id, catalog=Unanswered(catalog, "seat_reserve"), events=events)
    assert pending.status == "pending"
    assert seats_held(platform)["unfinished"] == 1
    [ended] = saga_recover(catalog=catalog, events=events, stale_after_s=0)
    assert ended.status == "active"
    held = seats_held(platform)
    assert held["enrolled"] == 1, held
    assert held["unfinished"] == 0, held
    assert consistent(held), held


def test_a_reserve_unanswered_too_often_is_compensated_by_the_recovery(platform, enrollments):
    limited_run(platform, seats=1)
    saga = saga_begin(learner="ada", course_key=LIMITED)
    down = Unanswered(enrollments.catalog, "seat_reserve")
    for _ in range(MAX_ATTEMPTS):
        saga_run(saga.saga_id, catalog=down, events=enrollments.events)
    [ended] = saga_recover(catalog=enrollments.catalog, events=enrollments.events, stale_after_s=0)
    assert (ended.status, ended.reason) == ("rejected", "catalog_unavailable")
    held = seats_held(platform)
    assert held["taken"] == 0, held
    assert consistent(held), held


def test_a_failed_confirmation_gives_the_seat_back_and_rejects_the_enrollment(
    platform, enrollments
):
    limited_run(platform, seats=1)
    saga = saga_begin(learner="ada", course_key=LIMITED)
    ended = saga_run(saga.saga_id, catalog=enrollments.catalog, events=Refusing())
    assert (ended.status, ended.reason) == ("rejected", "confirm_failed")
    held = seats_held(platform)
    assert held["taken"] == 0, held
    assert held["unfinished"] == 0, held
    assert consistent(held), held


def test_an_unanswered_release_is_retried_by_the_recovery(platform, enrollments):
    limited_run(platform, seats=1)
    saga = saga_begin(learner="ada", course_key=LIMITED)
    no_release = Unanswered(enrollments.catalog, "seat_release")
    stuck = saga_run(saga.saga_id, catalog=no_release, events=Refusing())
    assert stuck.status == "pending"
    assert seats_held(platform)["taken"] == 1
    [ended] = saga_recover(catalog=enrollments.catalog, events=enrollments.events, stale_after_s=0)
    assert ended.status == "rejected"
    held = seats_held(platform)
    assert held["taken"] == 0, held
    assert consistent(held), held


@pytest.mark.parametrize("step", ["reserve_seat", "confirm"])
def test_a_crash_after_a_step_ends_consistent_once_the_recovery_runs(platform, enrollments, step):
    limited_run(platform, seats=1)
    saga_crashed(enrollments, after=step)
    saga_recover(catalog=enrollments.catalog, events=enrollments.events, stale_after_s=0)
    held = seats_held(platform)
    assert held["enrolled"] == 1, held
    assert held["unfinished"] == 0, held
    assert consistent(held), held


def test_a_retried_reservation_holds_one_seat(platform, enrollments):
    limited_run(platform, seats=2)
    for _ in range(3):
        answer = enrollments.catalog.seat_reserve(course_key=LIMITED, reservation_id=SAGA_ID)
        assert answer == "reserved"
    assert seats_held(platform)["taken"] == 1


def test_a_reservation_after_its_own_release_is_refused(platform, enrollments):
    limited_run(platform, seats=2)
    enrollments.catalog.seat_release(course_key=LIMITED, reservation_id=SAGA_ID)
    answer = enrollments.catalog.seat_reserve(course_key=LIMITED, reservation_id=SAGA_ID)
    assert answer == "reservation_released"
    assert seats_held(platform)["taken"] == 0


def test_a_catalog_that_stops_answering_midway_answers_202_with_a_pending_enrollment(
    microservices, monkeypatch
):
    limited_run(microservices, seats=1)

    def unanswered(self, **kwargs):
        raise ServiceUnavailable("catalog", "injected")

    monkeypatch.setattr(HttpCourseCatalog, "seat_reserve", unanswered)
    url = microservices.url("enrollments") + "/enrollments"
    answer = requests.post(
        url, json={"learner": "ada", "course_key": LIMITED}, auth=staff_auth(), timeout=30
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "pending"
    polled = requests.get(answer.headers["Location"], auth=staff_auth(), timeout=30)
    assert polled.json() == answer.json()


class _ReservesThenOutlivesTheDeadline:
    """The platform's catalog, whose reserve holds the seat and answers just after the deadline
    of the request that asked (as a slow catalog would)."""

    def __init__(self, catalog):
        self.catalog = catalog

    def seat_reserve(self, **kwargs):
        answer = self.catalog.seat_reserve(**kwargs)
        time.sleep(current_deadline().remaining() + 0.01)
        return answer

    def __getattr__(self, name):
        return getattr(self.catalog, name)


def test_no_call_begins_past_the_deadline_and_the_recovery_finishes_the_saga(platform, enrollments):
    limited_run(platform, seats=1)
    saga = saga_begin(learner="ada", course_key=LIMITED)
    with deadline_scope(Deadline.after(0.01)):
        time.sleep(0.02)  # the request spent its budget before the saga's first call
        pending = saga_run(saga.saga_id, catalog=enrollments.catalog, events=enrollments.events)
    assert pending.status == "pending"  # no seat asked for
    held = seats_held(platform)
    assert (held["taken"], held["enrolled"], held["unfinished"]) == (0, 0, 1), held
    [ended] = saga_recover(catalog=enrollments.catalog, events=enrollments.events, stale_after_s=0)
    assert ended.status == "active"
    assert consistent(seats_held(platform))


def test_a_seat_held_past_the_deadline_is_still_confirmed_a_local_write(platform, enrollments):
    limited_run(platform, seats=1)
    saga = saga_begin(learner="ada", course_key=LIMITED)
    slow = _ReservesThenOutlivesTheDeadline(enrollments.catalog)
    with deadline_scope(Deadline.after(0.5)):
        ended = saga_run(saga.saga_id, catalog=slow, events=enrollments.events)
    assert ended.status == "active"  # no enrollment left pending for a seat it holds
    held = seats_held(platform)
    assert (held["taken"], held["enrolled"], held["unfinished"]) == (1, 1, 0), held
    assert consistent(held), held


def test_a_request_whose_deadline_passes_before_the_reserve_answers_202_in_time(monkeypatch, http):
    check = HttpCourseCatalog.course_get

    def slow(self, **kwargs):
        answer = check(self, **kwargs)
        time.sleep(current_deadline().remaining() + 0.01)
        return answer

    monkeypatch.setattr(HttpCourseCatalog, "course_get", slow)
    # A budget that leaves the first call and the token fetch time on a busy machine.
    with Platform("microservices", environ={"CAMPUS_DEADLINE": "3"}) as platform:
        limited_run(platform, seats=1)
        url = platform.url("enrollments") + "/enrollments"
        answer = http.post(url, json={"learner": "ada", "course_key": LIMITED})
        assert answer.status_code == 202, answer.text
        assert answer.json()["status"] == "pending"
        with enrollments_of(platform) as ports:
            saga_recover(catalog=ports.catalog, events=ports.events, stale_after_s=0)
        polled = http.get(answer.headers["Location"])
        held = seats_held(platform)
    assert polled.json()["status"] == "active"
    assert (held["enrolled"], held["unfinished"]) == (1, 0), held
    assert consistent(held), held
