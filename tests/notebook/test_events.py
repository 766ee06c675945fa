"""Looking at events on their way: an outbox, deliveries, a consumer on a thread, dead letters."""

import threading
from types import SimpleNamespace

from django.db import connections

from campus.enrollments.models import OutboxEvent
from campus.journey import DEMO_COURSE
from campus.notebook.events import (
    consumer_run,
    dead_letters_show,
    deliveries_of,
    deliveries_show,
    outbox_show,
)


def test_an_outbox_row_waits_unpublished_while_the_relay_is_stopped(microservices, http, capsys):
    microservices.stop_relay("enrollments")
    enrolled = {"learner": "grace", "course_key": DEMO_COURSE}
    assert http.post(microservices.url("enrollments") + "/enrollments", json=enrolled).ok
    *_, (_, event_type, _, published) = outbox_show(OutboxEvent, "enrollments")
    assert (event_type, published) == ("org.campus.learning.enrollment.created.v1", None)
    assert connections["enrollments"].connection is None  # closed for the next start
    microservices.start_relay("enrollments")
    microservices.drain()
    *_, (_, _, _, published) = outbox_show(OutboxEvent, "enrollments")
    assert published is not None
    assert "published" in capsys.readouterr().out


def _delivery(event_id, consumer, outcome="applied"):
    return SimpleNamespace(event_id=event_id, consumer=consumer, outcome=outcome)


def test_the_deliveries_of_one_event_are_kept_for_every_consumer_or_one(capsys):
    recorded = [
        _delivery("a", "credentials"),
        _delivery("b", "credentials"),
        _delivery("a", "dashboard"),
    ]
    bus = SimpleNamespace(deliveries=lambda: recorded)
    assert deliveries_of(bus, "a") == [recorded[0], recorded[2]]
    assert deliveries_of(bus, "a", "dashboard") == [recorded[2]]
    assert deliveries_show(deliveries_of(bus, "a")) == [recorded[0], recorded[2]]
    assert capsys.readouterr().out.splitlines()[3].split() == ["2", "a", "dashboard", "applied"]


class _Consumer:
    """Applies one event every time round, until told to stop, on whatever thread runs it."""

    def __init__(self):
        self.counts = {}
        self.threads = set()

    def run(self, stop: threading.Event) -> None:
        self.threads.add(threading.current_thread().name)
        while not stop.wait(0.001):
            self.counts["applied"] = self.counts.get("applied", 0) + 1


def test_a_consumer_runs_on_a_thread_of_its_own_until_it_has_applied_enough():
    consumer = _Consumer()
    counts = consumer_run(consumer, until_applied=20, timeout=5)
    assert counts["applied"] >= 20
    assert consumer.threads == {"notebook-consumer"}
    settled = dict(consumer.counts)
    assert consumer.counts == settled  # stopped: nothing is applied any more


def test_a_consumer_that_applies_nothing_is_stopped_after_the_timeout():
    consumer = SimpleNamespace(counts={}, run=lambda stop: stop.wait())
    assert consumer_run(consumer, until_applied=1, timeout=0.05) == {}


def test_a_dead_letter_prints_its_fields_cut_short_but_not_the_event(capsys):
    client = SimpleNamespace(
        xrange=lambda stream: [
            (b"1-0", {b"event": b"{...}", b"error": b"x" * 100, b"outcome": b"rejected"})
        ]
    )
    [entry] = dead_letters_show(client, "campus:dead-letter:credentials", width=10)
    assert entry == {"error": "x" * 10, "outcome": "rejected"}
    assert "event" not in capsys.readouterr().out
