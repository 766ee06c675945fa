"""A task is a row of a service's task outbox, written in the caller's transaction or not at
all; a relay hands each row's message to a queue, once, under the row's task id."""

import pytest
from django.db import connections, transaction

from campus.assembly.databases import DatabaseScope, database_scope
from campus.embedded.sqlite_templates import databases_reset
from campus.enrollments.models import OutboxTask
from campus.events.outbox import OutboxRelay, OutsideTransaction
from campus.events.task_outbox import task_enqueue, task_message


@pytest.fixture
def enrollments_db():
    databases_reset(["enrollments"])
    with database_scope(DatabaseScope("enrollments", {"enrollments": "enrollments"})):
        yield
    connections.close_all()


class Queue:
    def __init__(self):
        self.messages = []

    def publish(self, message: dict) -> None:
        self.messages.append(message)


def test_a_task_outside_a_transaction_is_refused_and_writes_nothing(enrollments_db):
    with pytest.raises(OutsideTransaction, match="grade_send"):
        task_enqueue(OutboxTask, "grade_send", {"learner": "ada"})
    assert OutboxTask.objects.count() == 0


def _enqueue_then_fail() -> None:
    with transaction.atomic(using="enrollments"):
        task_enqueue(OutboxTask, "grade_send", {"learner": "ada"})
        raise RuntimeError("the change failed")


def test_a_rolled_back_transaction_leaves_no_task(enrollments_db):
    with pytest.raises(RuntimeError):
        _enqueue_then_fail()
    assert OutboxTask.objects.count() == 0


def test_the_relay_hands_each_task_to_the_queue_once_under_its_own_id(enrollments_db):
    with transaction.atomic(using="enrollments"):
        task_id = task_enqueue(OutboxTask, "grade_send", {"learner": "ada", "percent": "1"})
    queue = Queue()
    relay = OutboxRelay(OutboxTask, queue, decode=task_message)
    assert (relay.relay_once(), relay.relay_once()) == (1, 0)
    expected = {"id": task_id, "task": "grade_send", "kwargs": {"learner": "ada", "percent": "1"}}
    assert queue.messages == [expected]
    assert relay.backlog() == 0
