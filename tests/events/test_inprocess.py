"""The in-process bus: a copy per consumer on a delivery thread, bounded retries, dead letters."""

import threading

import pytest
from demo_courses import OPEN_COURSE

from campus.events import (
    COURSE_COMPLETED,
    DeadLetter,
    Delivery,
    InProcessEventBus,
    InvalidEvent,
    event_create,
)


def _event(learner="ada"):
    data = {
        "learner": learner,
        "course_key": OPEN_COURSE,
        "completed_at": "2026-01-01T00:00:00+00:00",
    }
    return event_create(COURSE_COMPLETED, source="enrollments", data=data)


class Consumer:
    """Applies an event the first time it sees its id, as the platform's consumers do."""

    def __init__(self):
        self.seen: list = []
        self.threads: set[str] = set()

    def __call__(self, event) -> bool:
        self.threads.add(threading.current_thread().name)
        first_time = event.get_id() not in {e.get_id() for e in self.seen}
        self.seen.append(event)
        return first_time


def _fail(event):
    raise RuntimeError("the consumer is broken")


@pytest.fixture
def bus():
    made = InProcessEventBus(retry_delay_s=0.001)
    yield made
    made.close()


def test_every_subscriber_gets_its_own_copy_parsed_from_the_wire(bus):
    first, second = Consumer(), Consumer()
    bus.subscribe(COURSE_COMPLETED, first, consumer="first")
    bus.subscribe(COURSE_COMPLETED, second, consumer="second")
    event = _event()
    bus.publish(event)
    assert bus.drain()
    [a], [b] = first.seen, second.seen
    assert a.get_id() == b.get_id() == event.get_id()
    assert a is not event
    assert a is not b
    a.get_data()["learner"] = "changed by the first consumer"
    assert b.get_data()["learner"] == "ada"


def test_delivery_runs_on_the_bus_thread_not_the_publisher(bus):
    consumer = Consumer()
    bus.subscribe(COURSE_COMPLETED, consumer, consumer="c")
    bus.publish(_event())
    assert bus.drain()
    assert consumer.threads == {"campus-events"}


def test_a_failing_consumer_is_retried_then_dead_lettered_and_others_are_unaffected(bus):
    healthy = Consumer()
    bus.subscribe(COURSE_COMPLETED, _fail, consumer="broken")
    bus.subscribe(COURSE_COMPLETED, healthy, consumer="healthy")
    event = _event()
    bus.publish(event)  # does not raise
    assert bus.drain()
    assert len(healthy.seen) == 1
    error = "RuntimeError: the consumer is broken"
    broken = [d for d in bus.deliveries() if d.consumer == "broken"]
    assert broken == [
        Delivery(event.get_id(), COURSE_COMPLETED, "broken", "retrying", 1, error),
        Delivery(event.get_id(), COURSE_COMPLETED, "broken", "retrying", 2, error),
        Delivery(event.get_id(), COURSE_COMPLETED, "broken", "dead_lettered", 3, error),
    ]
    [dead] = bus.dead_letters()
    assert dead == DeadLetter("broken", event.get_id(), dead.raw, error, 3)


def test_a_consumer_that_fails_once_is_applied_on_its_retry(bus):
    calls = []

    def flaky(event):
        calls.append(event.get_id())
        if len(calls) == 1:
            raise ConnectionError("database restarting")

    bus.subscribe(COURSE_COMPLETED, flaky, consumer="flaky")
    bus.publish(_event())
    assert bus.drain()
    assert [d.outcome for d in bus.deliveries()] == ["retrying", "applied"]
    assert bus.dead_letters() == []


def test_a_redelivered_event_reaches_the_consumer_again_and_is_recorded_as_a_duplicate(bus):
    consumer = Consumer()
    bus.subscribe(COURSE_COMPLETED, consumer, consumer="credentials")
    event = _event()
    bus.publish(event)
    assert bus.drain()
    bus.redeliver(event.get_id())
    assert bus.drain()
    assert [e.get_id() for e in consumer.seen] == [event.get_id()] * 2
    assert [d.outcome for d in bus.deliveries()] == ["applied", "duplicate"]


def test_only_published_events_can_be_redelivered(bus):
    with pytest.raises(KeyError):
        bus.redeliver("never-published")


def test_an_event_that_breaks_its_contract_is_refused_to_the_producer(bus):
    consumer = Consumer()
    bus.subscribe(COURSE_COMPLETED, consumer, consumer="c")
    bad = event_create(COURSE_COMPLETED, source="enrollments", data={"learner": "ada"})
    with pytest.raises(InvalidEvent, match="is a required property"):
        bus.publish(bad)
    assert bus.published() == []
    assert bus.drain()
    assert consumer.seen == []


def test_published_lists_every_event_in_order_even_without_subscribers(bus):
    events = [_event("ada"), _event("grace")]
    for event in events:
        bus.publish(event)
    assert [e.get_id() for e in bus.published()] == [e.get_id() for e in events]
    assert bus.drain()
    assert bus.deliveries() == []


def test_a_consumer_hears_only_the_type_it_subscribed_to(bus):
    consumer = Consumer()
    bus.subscribe("org.openedx.learning.course.started.v1", consumer, consumer="other")
    bus.publish(_event())
    assert bus.drain()
    assert consumer.seen == []


def test_close_stops_the_delivery_thread_and_a_later_publish_starts_it_again(bus):
    consumer = Consumer()
    bus.subscribe(COURSE_COMPLETED, consumer, consumer="c")
    bus.publish(_event())
    assert bus.drain()
    bus.close()
    assert "campus-events" not in {t.name for t in threading.enumerate()}
    bus.publish(_event("grace"))
    assert bus.drain()
    assert len(consumer.seen) == 2


def test_drain_says_false_while_a_consumer_is_still_busy(bus):
    release = threading.Event()
    bus.subscribe(COURSE_COMPLETED, lambda event: release.wait(5), consumer="slow")
    bus.publish(_event())
    assert not bus.drain(timeout=0.05)
    release.set()
    assert bus.drain()
