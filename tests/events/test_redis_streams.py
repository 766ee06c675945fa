"""Redis Streams: one stream per type, a consumer group per service, acknowledged after commit,
claimed from dead consumers, dead-lettered after bounded attempts, and nothing lost on the way:
not to a trim, however far behind a group is."""

import json
import logging
import signal
import subprocess
import threading
import time

import pytest
from demo_courses import OPEN_COURSE
from django.db import OperationalError, connections

from campus.assembly.event_workers import consumer_build
from campus.credentials.models import Certificate, ProcessedEvent
from campus.events import COURSE_COMPLETED, ENROLLMENT_CREATED, event_create, event_to_bytes
from campus.events.redis_streams import (
    RedisStreamsEventBus,
    StreamConsumer,
    dead_letter_stream,
    stream_name,
)
from campus.events.stream_upkeep import StreamUpkeep

STREAM = stream_name(COURSE_COMPLETED)


def _event(learner: str):
    data = {"learner": learner, "course_key": OPEN_COURSE, "completed_at": "2026-01-01T00:00:00Z"}
    return event_create(COURSE_COMPLETED, source="enrollments", data=data)


def _publish(bus, count: int, prefix="learner") -> list[str]:
    events = [_event(f"{prefix}{n}") for n in range(count)]
    for event in events:
        bus.publish(event)
    return [e.get_id() for e in events]


def _bus(client) -> RedisStreamsEventBus:
    return RedisStreamsEventBus(client)


def _group_create(client, group: str) -> None:
    """Group ``group`` on the stream, as its consumer creates it, with no consumer running."""
    handlers = {COURSE_COMPLETED: None}
    StreamConsumer(client, group=group, name="none", handlers=handlers).groups_create()


def _applied() -> tuple[int, int]:
    """(certificates, processed event ids) in credentials' database right now."""
    try:
        return (
            Certificate.objects.using("credentials").count(),
            ProcessedEvent.objects.using("credentials").count(),
        )
    finally:
        connections["credentials"].close()


def _wait(predicate, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


class Running:
    """A consumer on a thread of this process, stopped at the end."""

    def __init__(self, consumer: StreamConsumer):
        self.consumer, self.stop = consumer, threading.Event()
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self):
        try:
            self.consumer.run(self.stop)
        finally:
            connections.close_all()

    def close(self):
        self.stop.set()
        self.thread.join(10)
        self.consumer.redis.close()


@pytest.fixture
def consumer(worker_env, redis_server):
    running = []

    def start(**options):
        options = {"visibility_timeout_s": 0.2, "max_attempts": 3, "block_s": 0.05} | options
        made = Running(consumer_build("credentials", redis_url=redis_server.url, **options))
        running.append(made)
        return made.consumer

    yield start
    for made in running:
        made.close()


def test_each_event_type_has_its_own_stream_which_publishing_never_trims(redis_client):
    _publish(RedisStreamsEventBus(redis_client), 500)
    assert redis_client.keys("campus:events:*") == [STREAM.encode()]
    assert redis_client.xlen(STREAM) == 500


def test_a_group_far_behind_loses_nothing_and_each_event_is_applied_once(redis_client, consumer):
    # Dashboard's group keeps up; credentials' group exists, its consumer stopped. The old cap
    # was 10 entries; the upkeep trims all along, as the relay does between its passes.
    for group in ("dashboard", "credentials"):
        _group_create(redis_client, group)
    upkeep, bus, ids = StreamUpkeep(redis_client, [STREAM], alarm_at=10), _bus(redis_client), []
    for round_ in range(10):
        ids += _publish(bus, 50, prefix=f"round{round_}-")
        [(_, taken)] = redis_client.xreadgroup("dashboard", "fast", {STREAM: ">"})
        redis_client.xack(STREAM, "dashboard", *[entry_id for entry_id, _ in taken])
        upkeep.run_once()
    assert redis_client.xlen(STREAM) == 500  # held for credentials, though dashboard is done
    consumer()
    _wait(lambda: _applied() == (500, 500))
    processed = set(ProcessedEvent.objects.using("credentials").values_list("event_id", flat=True))
    connections["credentials"].close()
    assert processed == set(ids)
    _wait(lambda: redis_client.xpending(STREAM, "credentials")["pending"] == 0, seconds=10)
    upkeep.run_once()
    assert redis_client.xlen(STREAM) == 0  # every group acknowledged every entry
    assert redis_client.xlen(dead_letter_stream("credentials")) == 0


def test_entries_deleted_while_pending_are_dead_lettered_and_logged(redis_client, consumer, caplog):
    _publish(_bus(redis_client), 5)
    _group_create(redis_client, "credentials")
    [(_, taken)] = redis_client.xreadgroup("credentials", "dead", {STREAM: ">"}, count=5)
    redis_client.xtrim(STREAM, maxlen=0, approximate=False)  # what the old MAXLEN cap did
    with caplog.at_level(logging.WARNING, logger="campus.events.redis_streams"):
        running = consumer(visibility_timeout_s=0.05)
        _wait(lambda: redis_client.xlen(dead_letter_stream("credentials")) == 5)
    letters = [fields for _, fields in redis_client.xrange(dead_letter_stream("credentials"))]
    assert [f[b"message_id"] for f in letters] == [entry_id for entry_id, _ in taken]
    assert {f[b"outcome"] for f in letters} == {b"deleted"}
    assert running.counts["deleted"] == 5
    assert caplog.text.count("deleted from the stream before it was acknowledged") == 5
    assert _applied() == (0, 0)


def test_a_consumer_applies_every_event_once_and_acknowledges_it(redis_client, consumer):
    bus = RedisStreamsEventBus(redis_client)
    _publish(bus, 20)
    running = consumer()
    _wait(lambda: _applied() == (20, 20))
    _wait(lambda: running.lag()[COURSE_COMPLETED] == {"lag": 0, "pending": 0})


def test_messages_a_dead_consumer_left_pending_are_claimed_by_another(redis_client, consumer):
    bus = RedisStreamsEventBus(redis_client)
    _publish(bus, 5)
    dead = StreamConsumer(redis_client, group="credentials", name="dead", handlers={})
    dead.streams = {STREAM: COURSE_COMPLETED}
    dead.groups_create()
    taken = redis_client.xreadgroup("credentials", "dead", {STREAM: ">"}, count=5)
    assert len(taken[0][1]) == 5  # read, never acknowledged: the consumer "died"
    consumer(visibility_timeout_s=0.1)
    _wait(lambda: _applied() == (5, 5))
    # The acknowledgement follows the commit, so it may land a moment after the rows do.
    _wait(lambda: redis_client.xpending(STREAM, "credentials")["pending"] == 0, seconds=10)


def test_an_event_breaking_its_contract_goes_to_the_dead_letter_stream_unapplied(
    redis_client, consumer
):
    wire = json.loads(event_to_bytes(_event("ada")))
    wire["data"] |= {"learner": "a" * 300, "course_key": "not a key"}
    redis_client.xadd(STREAM, {"event": json.dumps(wire)})  # a broken producer's bytes
    consumer()
    _wait(lambda: redis_client.xlen(dead_letter_stream("credentials")) == 1)
    [(_, dead)] = redis_client.xrange(dead_letter_stream("credentials"))
    assert dead[b"outcome"] == b"rejected"
    assert dead[b"event_id"].decode() == wire["id"]
    assert b"data['course_key']" in dead[b"error"] or b"data['learner']" in dead[b"error"]
    assert json.loads(dead[b"event"]) == wire
    assert _applied() == (0, 0)
    _wait(lambda: redis_client.xpending(STREAM, "credentials")["pending"] == 0, seconds=10)


def test_an_event_whose_handler_keeps_failing_is_dead_lettered_with_its_error(
    redis_client, consumer, monkeypatch
):
    from campus.credentials import api

    def broken(event, *, events):
        raise RuntimeError("certificate printer on fire")

    monkeypatch.setitem(api.EVENT_HANDLERS, COURSE_COMPLETED, broken)
    RedisStreamsEventBus(redis_client).publish(_event("ada"))
    running = consumer(visibility_timeout_s=0.05, max_attempts=3)
    _wait(lambda: redis_client.xlen(dead_letter_stream("credentials")) == 1)
    [(_, dead)] = redis_client.xrange(dead_letter_stream("credentials"))
    assert (dead[b"outcome"], dead[b"attempts"]) == (b"dead_lettered", b"3")
    assert dead[b"error"] == b"RuntimeError: certificate printer on fire"
    assert running.counts["failed"] == 3


def test_a_database_away_for_longer_than_the_attempts_dead_letters_nothing(
    redis_client, consumer, monkeypatch
):
    from campus.credentials import api

    applied = api.EVENT_HANDLERS[COURSE_COMPLETED]
    failures = []

    def database_away(event, *, events):
        if len(failures) < 8:  # well past max_attempts=3
            failures.append(1)
            raise OperationalError("sorry, too many clients already")
        return applied(event, events=events)

    monkeypatch.setitem(api.EVENT_HANDLERS, COURSE_COMPLETED, database_away)
    RedisStreamsEventBus(redis_client).publish(_event("ada"))
    running = consumer(visibility_timeout_s=0.05, max_attempts=3)
    _wait(lambda: _applied() == (1, 1))
    assert redis_client.xlen(dead_letter_stream("credentials")) == 0
    assert running.counts["failed"] == 8


def test_redis_stopped_and_started_again_loses_nothing(redis_server, redis_client, consumer):
    bus = RedisStreamsEventBus(redis_client)
    _publish(bus, 30, prefix="before")
    consumer()
    _wait(lambda: _applied()[0] >= 1)
    redis_server.stop()
    time.sleep(0.5)  # the consumer retries meanwhile
    redis_server.start()
    _publish(bus, 30, prefix="after")
    _wait(lambda: _applied() == (60, 60))


def _consume_process(env) -> subprocess.Popen:
    command = ["campus", "consume", "credentials", "--visibility-timeout", "0.3"]
    return subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)


def test_a_consumer_process_killed_mid_stream_and_restarted_applies_all_exactly_once(
    redis_client, worker_env
):
    bus = RedisStreamsEventBus(redis_client)
    ids = _publish(bus, 150)
    first = _consume_process(worker_env)
    try:
        _wait(lambda: _applied()[0] >= 20)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert _applied()[0] < 150  # killed mid-stream
    second = _consume_process(worker_env)
    try:
        _wait(lambda: _applied() == (150, 150))
    finally:
        second.terminate()
        assert second.wait(10) == 0
    processed = set(ProcessedEvent.objects.using("credentials").values_list("event_id", flat=True))
    connections["credentials"].close()
    assert processed == set(ids)
    assert redis_client.xpending(STREAM, "credentials")["pending"] == 0
    assert redis_client.xlen(dead_letter_stream("credentials")) == 0


def test_an_event_on_the_stream_of_another_type_is_rejected_unapplied(redis_client, consumer):
    # Valid for the type it states, and handed to the handler of the stream's type, it would
    # be applied unchecked by that handler's contract.
    event = event_create(
        ENROLLMENT_CREATED,
        source="enrollments",
        data={
            "learner": "ada",
            "course_key": OPEN_COURSE,
            "created_at": "2026-01-01T10:00:00+00:00",
        },
    )
    redis_client.xadd(STREAM, {"event": event_to_bytes(event)})
    consumer()
    _wait(lambda: redis_client.xlen(dead_letter_stream("credentials")) == 1)
    [(_, dead)] = redis_client.xrange(dead_letter_stream("credentials"))
    assert dead[b"outcome"] == b"rejected"
    assert dead[b"error"].startswith(b"type: 'org.campus.learning.enrollment.created.v1' on the")
    assert _applied() == (0, 0)
