"""The in-process bus: a copy per consumer, failures contained, redelivery on request."""

import pytest

from campus.events import COURSE_COMPLETED, Delivery, InProcessEventBus, event_create


def _event(learner="ada"):
    return event_create(COURSE_COMPLETED, source="enrollments", data={"learner": learner})


class Consumer:
    """Applies an event the first time it sees its id, as the platform's consumers do."""

    def __init__(self):
        self.seen: list = []

    def __call__(self, event) -> bool:
        first_time = event.get_id() not in {e.get_id() for e in self.seen}
        self.seen.append(event)
        return first_time


def _fail(event):
    raise RuntimeError("the consumer is broken")


def test_every_subscriber_gets_its_own_copy_parsed_from_the_wire():
    bus, first, second = InProcessEventBus(), Consumer(), Consumer()
    bus.subscribe(COURSE_COMPLETED, first, consumer="first")
    bus.subscribe(COURSE_COMPLETED, second, consumer="second")
    event = _event()
    bus.publish(event)
    [a], [b] = first.seen, second.seen
    assert a.get_id() == b.get_id() == event.get_id()
    assert a is not event
    assert a is not b
    a.get_data()["learner"] = "changed by the first consumer"
    assert b.get_data() == {"learner": "ada"}


def test_a_failing_consumer_does_not_fail_the_producer_nor_the_other_consumers():
    bus, healthy = InProcessEventBus(), Consumer()
    bus.subscribe(COURSE_COMPLETED, _fail, consumer="broken")
    bus.subscribe(COURSE_COMPLETED, healthy, consumer="healthy")
    event = _event()
    bus.publish(event)  # does not raise
    assert len(healthy.seen) == 1
    assert bus.deliveries() == [
        Delivery(event.get_id(), COURSE_COMPLETED, "broken", "failed"),
        Delivery(event.get_id(), COURSE_COMPLETED, "healthy", "applied"),
    ]


def test_a_redelivered_event_reaches_the_consumer_again_and_is_recorded_as_a_duplicate():
    bus, consumer = InProcessEventBus(), Consumer()
    bus.subscribe(COURSE_COMPLETED, consumer, consumer="credentials")
    event = _event()
    bus.publish(event)
    bus.redeliver(event.get_id())
    assert [e.get_id() for e in consumer.seen] == [event.get_id()] * 2
    assert [d.outcome for d in bus.deliveries()] == ["applied", "duplicate"]


def test_only_published_events_can_be_redelivered():
    with pytest.raises(KeyError):
        InProcessEventBus().redeliver("never-published")


def test_published_lists_every_event_in_order_even_without_subscribers():
    bus = InProcessEventBus()
    events = [_event("ada"), _event("grace")]
    for event in events:
        bus.publish(event)
    assert [e.get_id() for e in bus.published()] == [e.get_id() for e in events]
    assert bus.deliveries() == []


def test_a_consumer_hears_only_the_type_it_subscribed_to():
    bus, consumer = InProcessEventBus(), Consumer()
    bus.subscribe("org.openedx.learning.course.started.v1", consumer, consumer="other")
    bus.publish(_event())
    assert consumer.seen == []
