"""The enrollment saga under ``campus up`` on PostgreSQL: concurrent requests never oversubscribe
a limited run, and a web worker killed mid-saga leaves nothing half done once enrollments'
relay has run its recovery pass (`campus.assembly.saga_recovery`)."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests

from campus.process.control import Up
from campus.waits import wait_until

pytestmark = pytest.mark.usefixtures("campus_up_slot")

CROWDED = "course-v1:CampusX+CROWD+2026"
CRASHED = "course-v1:CampusX+CRASH+2026"
LEARNERS = [f"learner{n}" for n in range(8)]


@pytest.fixture(scope="module")
def up(tmp_path_factory):
    """One start for the module: a saga counts as stuck after 1 s (the relay looks every 5 s),
    and requests get 10 s, so a busy machine answers every enrollment within its deadline."""
    log = tmp_path_factory.mktemp("up") / "up.log"
    environ = {**os.environ, "CAMPUS_SAGA_STALE_AFTER": "1", "CAMPUS_DEADLINE": "10"}
    with Up("microservices", environ=environ, log_path=str(log)) as running:
        running.staff = running.login("instructor")
        yield running


@pytest.fixture
def http():
    with requests.Session() as session:
        session.trust_env = False
        yield session


def _run_made(up, http, key: str, seats: int) -> None:
    body = {"key": key, "title": "Seats", "start": "2026-01-01", "end": "2026-06-30"}
    made = http.post(
        up.url("catalog") + "/courses", json={**body, "seat_limit": seats}, auth=up.staff
    )
    assert made.status_code == 201, made.text


def _database(up, service: str) -> str:
    return up.environ_of(service)["DATABASE_URL"]


def _held(up, key: str) -> dict:
    """What each database holds for run ``key``, read with SQL."""
    with psycopg.connect(_database(up, "catalog")) as catalog:
        [(taken, reservations)] = catalog.execute(
            "SELECT c.seats_taken, count(r.id) FILTER (WHERE NOT r.released)"
            " FROM catalog_course c LEFT JOIN catalog_seatreservation r ON r.course_id = c.id"
            " WHERE c.key = %s GROUP BY c.id",
            [key],
        ).fetchall()
    with psycopg.connect(_database(up, "enrollments")) as enrollments:
        statuses = dict(
            enrollments.execute(
                "SELECT status, count(*) FROM enrollments_enrollment WHERE course_key = %s"
                " GROUP BY status",
                [key],
            ).fetchall()
        )
        [(unfinished,)] = enrollments.execute(
            "SELECT count(*) FROM enrollments_enrollmentsaga s JOIN enrollments_enrollment e"
            " ON e.id = s.enrollment_id WHERE e.course_key = %s"
            " AND s.step NOT IN ('done', 'rejected')",
            [key],
        ).fetchall()
    enrolled = statuses.get("active", 0) + statuses.get("completed", 0)
    return {"taken": taken, "reservations": reservations, "enrolled": enrolled,
            "statuses": statuses, "unfinished": unfinished}  # fmt: skip


def _consistent(held: dict) -> bool:
    return held["taken"] == held["reservations"] == held["enrolled"]


def test_concurrent_requests_never_oversubscribe_a_limited_run_on_postgresql(up, http):
    _run_made(up, http, CROWDED, seats=3)
    url = up.url("enrollments") + "/enrollments"

    def enroll(learner):
        with requests.Session() as own:
            own.trust_env = False
            body = {"learner": learner, "course_key": CROWDED}
            return own.post(url, json=body, auth=up.staff, timeout=30).status_code

    with ThreadPoolExecutor(len(LEARNERS)) as pool:
        answers = list(pool.map(enroll, LEARNERS))
    assert answers.count(201) == 3, answers
    assert set(answers) <= {201, 409}, answers  # the others: course_full
    held = _held(up, CROWDED)
    assert held["enrolled"] == 3, held
    assert _consistent(held), held


def test_a_worker_killed_mid_saga_ends_consistent_once_the_relay_recovers(up, http):
    """The test holds the run's row locked, so the catalog's reserve waits on it: the saga is
    then between its first step (committed) and its second. The enrollments workers are killed
    there; the lock goes; the relay's recovery takes the saga over with the same key."""
    _run_made(up, http, CRASHED, seats=1)
    url = up.url("enrollments") + "/enrollments"
    answers = []

    def enroll():
        try:
            body = {"learner": "ada", "course_key": CRASHED}
            answers.append(http.post(url, json=body, auth=up.staff, timeout=30).status_code)
        except requests.ConnectionError as lost:
            answers.append(repr(lost))

    with psycopg.connect(_database(up, "catalog")) as lock:
        lock.execute("SELECT 1 FROM catalog_course WHERE key = %s FOR UPDATE", [CRASHED])
        asking = threading.Thread(target=enroll)
        asking.start()
        with psycopg.connect(_database(up, "catalog"), autocommit=True) as watch:
            waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            wait_until(
                lambda: watch.execute(waiting).fetchone()[0] > 0,
                timeout=30, interval=0.05, what="the reserve to wait on the run's row",
            )  # fmt: skip
        assert _held(up, CRASHED)["unfinished"] == 1
        for worker in up.servers()["enrollments"].children():
            worker.kill()
        lock.rollback()
    asking.join(timeout=60)
    assert answers == [502], answers  # nginx's: the worker died before it could answer
    wait_until(
        lambda: _held(up, CRASHED)["unfinished"] == 0,
        timeout=60, interval=0.2, what="the relay's recovery",
    )  # fmt: skip
    held = _held(up, CRASHED)
    assert (held["enrolled"], held["statuses"]) == (1, {"active": 1}), held
    assert _consistent(held), held
