"""The completion's event is a row of enrollments' outbox, written in the completion's own
transaction; a relay publishes it, however late."""

import threading

import pytest
from demo_courses import OPEN_COURSE
from django.db import connections, transaction

from campus.assembly.databases import DatabaseScope, database_scope
from campus.credentials.models import Certificate
from campus.embedded.sqlite_templates import databases_reset
from campus.enrollments.models import Enrollment, OutboxEvent
from campus.enrollments.services import enrollment_complete
from campus.events import COURSE_COMPLETED, event_create
from campus.events.outbox import OutboxRelay, OutsideTransaction, TransactionalOutbox


def _complete(platform, http, learner="grace"):
    enrollments = platform.url("enrollments") + "/enrollments"
    enrollment = http.post(enrollments, json={"learner": learner, "course_key": OPEN_COURSE}).json()
    return http.post(f"{enrollments}/{enrollment['id']}/complete")


def _event(learner="ada"):
    data = {"learner": learner, "course_key": OPEN_COURSE, "completed_at": "2026-01-01T00:00:00Z"}
    return event_create(COURSE_COMPLETED, source="enrollments", data=data)


@pytest.fixture
def enrollments_db():
    """Run the test as the enrollments service, over a fresh database of its own."""
    databases_reset(["enrollments"])
    with database_scope(DatabaseScope("enrollments", {"enrollments": "enrollments"})):
        yield
    connections.close_all()


class Recorder:
    """A bus that records what it is given, and can be told to fail from some call on."""

    def __init__(self, fail_from: int | None = None):
        self.ids: list[str] = []
        self.fail_from = fail_from
        self.lock = threading.Lock()

    def publish(self, event):
        with self.lock:
            if self.fail_from is not None and len(self.ids) >= self.fail_from:
                raise ConnectionError("broker unreachable")
            self.ids.append(event.get_id())


def test_a_completion_writes_its_event_to_the_outbox_in_the_same_transaction(enrollments_db):
    enrollment = Enrollment.objects.create(learner="ada", course_key=OPEN_COURSE)
    enrollment_complete(enrollment_id=enrollment.id, events=TransactionalOutbox(OutboxEvent))
    [row] = OutboxEvent.objects.all()
    assert (row.event_type, row.published_at) == (COURSE_COMPLETED, None)
    assert '"learner":"ada"' in row.payload.replace(" ", "")


def test_a_rolled_back_completion_leaves_no_event(enrollments_db):
    enrollment = Enrollment.objects.create(learner="ada", course_key=OPEN_COURSE)
    outbox = TransactionalOutbox(OutboxEvent)

    def complete_then_fail():
        with transaction.atomic(using="enrollments"):
            enrollment_complete(enrollment_id=enrollment.id, events=outbox)
            raise RuntimeError("the request failed after the completion")

    with pytest.raises(RuntimeError):
        complete_then_fail()
    assert OutboxEvent.objects.count() == 0
    assert Enrollment.objects.get().status == "active"
    bus = Recorder()
    assert OutboxRelay(OutboxEvent, bus).relay_once() == 0
    assert bus.ids == []


def test_writing_to_the_outbox_outside_a_transaction_is_refused(enrollments_db):
    with pytest.raises(OutsideTransaction):
        TransactionalOutbox(OutboxEvent).publish(_event())


def test_the_relay_publishes_each_row_once_oldest_first_and_marks_it(enrollments_db):
    outbox = TransactionalOutbox(OutboxEvent)
    events = [_event(f"learner{n}") for n in range(5)]
    for event in events:
        with transaction.atomic(using="enrollments"):
            outbox.publish(event)
    bus = Recorder()
    relay = OutboxRelay(OutboxEvent, bus, batch_size=3)
    assert (relay.relay_once(), relay.relay_once(), relay.relay_once()) == (3, 2, 0)
    assert bus.ids == [e.get_id() for e in events]
    assert relay.backlog() == 0


def test_a_bus_failing_mid_batch_keeps_the_rest_for_later_and_duplicates_nothing(enrollments_db):
    outbox = TransactionalOutbox(OutboxEvent)
    for n in range(4):
        with transaction.atomic(using="enrollments"):
            outbox.publish(_event(f"learner{n}"))
    bus = Recorder(fail_from=2)
    relay = OutboxRelay(OutboxEvent, bus)
    with pytest.raises(ConnectionError):
        relay.relay_once()
    assert relay.backlog() == 2
    bus.fail_from = None
    assert relay.relay_once() == 2
    assert len(bus.ids) == len(set(bus.ids)) == 4


def test_a_relay_waiting_on_its_broker_does_not_hold_up_a_producer(enrollments_db):
    """On SQLite a write transaction locks the whole database: the relay must not hold one
    while the broker answers, or every completion would wait for the broker."""
    outbox = TransactionalOutbox(OutboxEvent)
    with transaction.atomic(using="enrollments"):
        outbox.publish(_event("ada"))
    committed, seen = threading.Event(), []

    class SlowBroker:
        def publish(self, event):
            seen.append(committed.wait(5))  # True once the producer below has committed

    scope = DatabaseScope("enrollments", {"enrollments": "enrollments"})

    def produce():
        with database_scope(scope), transaction.atomic(using="enrollments"):
            outbox.publish(_event("grace"))
        committed.set()
        connections.close_all()

    producer = threading.Timer(0.1, produce)
    producer.start()
    assert OutboxRelay(OutboxEvent, SlowBroker()).relay_once() == 1
    producer.join()
    assert seen == [True]
    assert OutboxRelay(OutboxEvent, Recorder()).backlog() == 1  # grace's row, for the next pass


def test_an_event_committed_while_no_relay_runs_arrives_once_a_relay_starts(platform, http, rows):
    platform.stop_relay("enrollments")  # as if the process died right after the commit
    assert _complete(platform, http).status_code == 200
    assert platform.bus.published(COURSE_COMPLETED) == []
    assert rows(platform, Certificate) == 0
    platform.start_relay("enrollments")
    assert platform.drain()
    assert len(platform.bus.published(COURSE_COMPLETED)) == 1
    assert rows(platform, Certificate) == 1
