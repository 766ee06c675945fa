"""``campus relay enrollments`` as a process: killed mid-outbox and restarted, it loses nothing."""

import json
import signal
import subprocess
import time

from demo_courses import OPEN_COURSE
from django.db import connections, transaction

from campus.assembly.databases import DatabaseScope, database_scope
from campus.enrollments.models import OutboxEvent
from campus.events import COURSE_COMPLETED, event_create
from campus.events.outbox import TransactionalOutbox
from campus.events.redis_streams import stream_name
from campus.waits import wait_until


def _fill_outbox(count: int) -> set[str]:
    outbox, ids = TransactionalOutbox(OutboxEvent), set()
    with database_scope(DatabaseScope("enrollments", {"enrollments": "enrollments"})):
        for n in range(count):
            data = {
                "learner": f"l{n}",
                "course_key": OPEN_COURSE,
                "completed_at": "2026-01-01T09:00:00Z",
            }
            event = event_create(COURSE_COMPLETED, source="enrollments", data=data)
            with transaction.atomic(using="enrollments"):
                outbox.publish(event)
            ids.add(event.get_id())
    connections.close_all()
    return ids


def _on_stream(client) -> list[str]:
    entries = client.xrange(stream_name(COURSE_COMPLETED))
    return [json.loads(fields[b"event"])["id"] for _, fields in entries]


def _unpublished() -> int:
    try:
        return OutboxEvent.objects.using("enrollments").filter(published_at=None).count()
    finally:
        connections["enrollments"].close()


def _wait(predicate, seconds=120.0):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_relay_process_killed_and_restarted_publishes_every_row(worker_env, redis_client):
    ids = _fill_outbox(300)
    relay = subprocess.Popen(["campus", "relay", "enrollments"], env=worker_env)
    try:
        _wait(lambda: redis_client.xlen(stream_name(COURSE_COMPLETED)) > 0)
    finally:
        relay.send_signal(signal.SIGKILL)
        relay.wait(10)
    again = subprocess.Popen(["campus", "relay", "enrollments"], env=worker_env)
    try:
        _wait(lambda: _unpublished() == 0)
    finally:
        again.terminate()
        assert again.wait(10) == 0
    on_stream = _on_stream(redis_client)
    assert set(on_stream) == ids  # nothing lost; a row in the killed batch may appear twice


def _line_with(stream, text: str) -> str:
    """The next line of ``stream`` holding ``text`` (each line a log record of the relay)."""
    for line in stream:
        if text in line:
            return line
    raise AssertionError(f"the relay exited before it logged {text!r}")


def test_a_relay_trims_only_what_every_group_acknowledged_and_warns_of_a_lagging_one(
    worker_env, redis_client
):
    stream = stream_name(COURSE_COMPLETED)
    # The dashboard's group, which reads it too, is not created yet: nothing may be trimmed.
    redis_client.xgroup_create(stream, "credentials", id="0", mkstream=True)
    ids = _fill_outbox(50)
    env = {**worker_env, "CAMPUS_STREAM_LAG_ALARM": "10", "CAMPUS_LOG_LEVEL": "INFO"}
    relay = subprocess.Popen(
        ["campus", "relay", "enrollments"], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        warned = _line_with(relay.stderr, "entries behind")
        assert f"group credentials is 50 entries behind on {stream}" in warned
        assert _unpublished() == 0
        [(_, taken)] = redis_client.xreadgroup("credentials", "c", {stream: ">"})
        assert {json.loads(fields[b"event"])["id"] for _, fields in taken} == ids  # none trimmed
        redis_client.xack(stream, "credentials", *[entry_id for entry_id, _ in taken])
        _line_with(relay.stderr, f"group credentials caught up on {stream}")
        assert redis_client.xlen(stream) == 50  # the dashboard's group has yet to read them
        redis_client.xgroup_create(stream, "dashboard", id="$")  # it has read them all
        wait_until(lambda: redis_client.xlen(stream) == 0, timeout=30, interval=0.2, what="trim")
    finally:
        relay.terminate()
        relay.communicate(timeout=10)
