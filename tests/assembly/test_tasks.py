"""Celery's place in campus, run: a task sent from ``transaction.on_commit`` is lost when the
process dies after the commit; the same task written to the task outbox is sent all the same;
and with ``acks_late`` a worker killed mid-task leaves its task to run again (so credentials,
the receiver, stores a grade once however often it arrives)."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from demo_courses import OPEN_COURSE
from django.db import router, transaction
from django.utils import timezone

from campus.assembly.databases import database_scope
from campus.assembly.tasks import KEY_PREFIX, LocalTasks, task_app
from campus.embedded.ports import service_ports_of
from campus.enrollments import services
from campus.enrollments.grades import GRADE_SEND, GradeRefused, grade_of
from campus.enrollments.models import Enrollment
from campus.http import ServiceUnavailable
from campus.process.redis_server import RedisServer
from campus.waits import wait_until

STUCK_WORKER = Path(__file__).with_name("stuck_worker.py")


class ProcessDied(BaseException):
    """Stands for the process dying: nothing after it runs, and nothing catches it."""


def _die():
    raise ProcessDied


def complete_then_send_on_commit(enrollment_id: int, *, app, alias: str) -> None:
    """The usual way: complete, and send the grade's task once the transaction commits. The
    process dies between the commit and the send."""
    with transaction.atomic(using=alias):
        enrollment = Enrollment.objects.get(id=enrollment_id)
        enrollment.status, enrollment.completed_at = "completed", timezone.now()
        enrollment.save()
        grade = grade_of(learner=enrollment.learner, course_key=enrollment.course_key)
        transaction.on_commit(_die, using=alias)  # the commit is done; the process dies here
        transaction.on_commit(lambda: app.send_task(GRADE_SEND, kwargs=grade), using=alias)


def complete_through_the_outbox(enrollment_id: int, *, events, alias: str) -> None:
    """Campus's way: the completion writes the task to its outbox, in its own transaction
    (`campus.enrollments.services.enrollment_complete`). The process dies at the same point."""
    with transaction.atomic(using=alias):
        services.enrollment_complete(enrollment_id=enrollment_id, events=events)
        transaction.on_commit(_die, using=alias)


def _queued(app) -> int:
    with app.connection_for_write() as connection:
        return connection.default_channel.queue_declare("celery", passive=False).message_count


def _grades(platform, http, learner="ada") -> list:
    answer = http.get(platform.url("credentials") + "/grades", params={"learner": learner})
    return [(g["course_key"], g["letter_grade"]) for g in answer.json()]


def test_a_task_sent_on_commit_is_lost_when_the_process_dies_after_the_commit(
    microservices, enroll, http
):
    enrollment = enroll(microservices)
    app = task_app("memory://")  # a broker that holds whatever reaches it
    _, scope = service_ports_of(microservices, "enrollments")
    with database_scope(scope):
        alias = router.db_for_write(Enrollment)
        with pytest.raises(ProcessDied):
            complete_then_send_on_commit(enrollment["id"], app=app, alias=alias)
        assert Enrollment.objects.get(id=enrollment["id"]).status == "completed"
    assert _queued(app) == 0  # and no row anywhere says a grade is owed
    assert microservices.drain()
    assert _grades(microservices, http) == []


def test_a_task_in_the_outbox_is_sent_though_the_process_died_after_the_commit(
    microservices, enroll, http
):
    enrollment = enroll(microservices)
    ports, scope = service_ports_of(microservices, "enrollments")
    with database_scope(scope):
        alias = router.db_for_write(Enrollment)
        with pytest.raises(ProcessDied):
            complete_through_the_outbox(enrollment["id"], events=ports.events, alias=alias)
    assert microservices.drain()  # the relay sends what the outbox holds, and runs it
    assert _grades(microservices, http) == [(OPEN_COURSE, "Pass")]


class _GradeBook:
    def __init__(self):
        self.grades, self.arrived = [], threading.Event()

    def grade_record(self, **grade) -> None:
        self.grades.append(grade)
        self.arrived.set()


def _held(redis_url: str) -> tuple[int, int]:
    """(messages waiting in the queue, messages taken but not acknowledged), read from Redis
    itself rather than through kombu, which prefixes every key it is given."""
    client = redis.Redis.from_url(redis_url)
    try:
        return client.llen(KEY_PREFIX + "celery"), client.hlen(KEY_PREFIX + "unacked")
    finally:
        client.close()


def _killed_mid_task(redis_url: str, tmp_path, *, acks_late: bool) -> None:
    """Send a grade, let a worker (prefork, with ``acks_late`` or not) take it, and kill the
    worker and its pool child outright while the task runs."""
    sender = task_app(redis_url)
    sender.send_task(GRADE_SEND, kwargs=grade_of(learner="ada", course_key=OPEN_COURSE))
    taken = tmp_path / "taken"
    command = [sys.executable, str(STUCK_WORKER), redis_url, str(taken), str(int(acks_late))]
    stuck = subprocess.Popen(command, start_new_session=True)
    try:
        wait_until(taken.exists, timeout=30, interval=0.05, what="the task to begin")
        if not acks_late:  # its acknowledgement, sent as the task began, reaches Redis
            wait_until(
                lambda: _held(redis_url) == (0, 0), timeout=10, interval=0.02, what="the early ack"
            )
    finally:
        os.killpg(stuck.pid, signal.SIGKILL)  # the worker and its child: the machine died
        stuck.wait()


def test_without_acks_late_a_task_whose_worker_was_killed_mid_task_is_gone(tmp_path):
    with RedisServer() as redis_server:
        _killed_mid_task(redis_server.url, tmp_path, acks_late=False)
        assert _held(redis_server.url) == (0, 0)  # no copy left: no worker will ever run it


def test_with_acks_late_a_task_whose_worker_was_killed_mid_task_runs_again(tmp_path):
    with RedisServer() as redis_server:
        _killed_mid_task(redis_server.url, tmp_path, acks_late=True)
        assert _held(redis_server.url) == (0, 1)  # taken, never acknowledged: held aside
        time.sleep(1.5)  # past the visibility timeout the killed worker was given (1 s)
        book = _GradeBook()
        app = task_app(redis_server.url, grades=lambda: book)
        app.conf.broker_transport_options = {
            **app.conf.broker_transport_options,
            "visibility_timeout": 1,
        }
        # A new worker puts back what no one acknowledged in time, and runs it again.
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            assert book.arrived.wait(30)
        assert book.grades == [grade_of(learner="ada", course_key=OPEN_COURSE)]
        assert _held(redis_server.url) == (0, 0)


class _FlakyGradeBook:
    """Unanswered the first ``failures`` times, then takes the grade; or refuses it."""

    def __init__(self, failures: int, *, refuse: bool = False):
        self.failures, self.refuse, self.calls = failures, refuse, 0

    def grade_record(self, **grade) -> None:
        self.calls += 1
        if self.refuse:
            raise GradeRefused("credentials answered 400")
        if self.calls <= self.failures:
            raise ServiceUnavailable("credentials", "no answer")


def _run_locally(book) -> list[str]:
    """Publish one grade task with `LocalTasks` as the relay does: once, then again each time
    it raises, as the row stays in the outbox. What each publish did, in order."""
    app = task_app("memory://", grades=lambda: book)
    message = {"id": "t1", "task": GRADE_SEND, "kwargs": grade_of(learner="ada", course_key="k")}
    outcomes = []
    while not outcomes or outcomes[-1] == "raised":
        try:
            LocalTasks(app).publish(message)
        except ServiceUnavailable:
            outcomes.append("raised")
        else:
            outcomes.append("done")
    return outcomes


def test_in_process_each_publish_is_one_attempt_and_a_grade_not_taken_stays_for_the_relay():
    book = _FlakyGradeBook(failures=2)
    assert _run_locally(book) == ["raised", "raised", "done"]
    assert book.calls == 3


def test_a_grade_credentials_refuses_is_not_sent_again():
    book = _FlakyGradeBook(failures=0, refuse=True)
    assert _run_locally(book) == ["done"]
    assert book.calls == 1
