"""Streams are trimmed only below what every consumer group acknowledged, and a group too far
behind is warned about and shown on /metrics."""

import logging

from prometheus_client import CollectorRegistry, generate_latest

from campus.events.stream_upkeep import (
    StreamLagCollector,
    StreamUpkeep,
    group_positions,
)

STREAM = "campus:events:test"


def _fill(client, count: int) -> list[bytes]:
    return [client.xadd(STREAM, {"event": str(n)}) for n in range(count)]


def _take(client, group: str, count: int, *, ack: int = 0) -> list[bytes]:
    """Deliver ``count`` entries to ``group``; acknowledge the first ``ack`` of them."""
    [(_, entries)] = client.xreadgroup(group, f"{group}-1", {STREAM: ">"}, count=count)
    ids = [entry_id for entry_id, _ in entries]
    if ack:
        client.xack(STREAM, group, *ids[:ack])
    return ids


def test_a_stream_no_group_reads_yet_keeps_every_entry(redis_client):
    _fill(redis_client, 20)
    assert StreamUpkeep(redis_client, [STREAM], alarm_at=1000).run_once() == 0
    assert redis_client.xlen(STREAM) == 20


def test_a_stream_is_trimmed_below_the_oldest_entry_a_group_has_not_acknowledged(redis_client):
    ids = _fill(redis_client, 20)
    redis_client.xgroup_create(STREAM, "fast", id="0")
    redis_client.xgroup_create(STREAM, "slow", id="0")
    _take(redis_client, "fast", 20, ack=20)
    _take(redis_client, "slow", 10, ack=3)  # entries 3 to 9 pending, 10 to 19 not delivered
    upkeep = StreamUpkeep(redis_client, [STREAM], alarm_at=1000)
    assert upkeep.run_once() == 3
    assert [entry_id for entry_id, _ in redis_client.xrange(STREAM)] == ids[3:]
    slow = {p.group: p for p in group_positions(redis_client, STREAM)}["slow"]
    assert (slow.behind, slow.pending) == (17, 7)
    _take(redis_client, "slow", 10, ack=10)
    redis_client.xack(STREAM, "slow", *ids[3:10])
    assert upkeep.run_once() == 17
    assert redis_client.xlen(STREAM) == 0


def test_a_group_past_the_alarm_is_warned_about_once_then_when_it_caught_up(redis_client, caplog):
    _fill(redis_client, 30)
    redis_client.xgroup_create(STREAM, "dashboard", id="0")
    upkeep = StreamUpkeep(redis_client, [STREAM], alarm_at=10, every_s=0, repeat_s=3600)
    with caplog.at_level(logging.INFO, logger="campus.events.stream_upkeep"):
        upkeep()
        upkeep()  # still behind: not warned again before repeat_s
        _take(redis_client, "dashboard", 30, ack=25)
        upkeep()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        f"group dashboard is 30 entries behind on {STREAM} (alarm above 10; 0 pending)"
    ]
    assert f"group dashboard caught up on {STREAM}" in caplog.text


def _scrape(collector) -> str:
    registry = CollectorRegistry()
    registry.register(collector)
    return generate_latest(registry).decode()


def test_metrics_show_how_far_behind_each_group_is_and_raise_its_alarm(redis_client):
    _fill(redis_client, 30)
    redis_client.xgroup_create(STREAM, "credentials", id="0")
    redis_client.xgroup_create(STREAM, "dashboard", id="0")
    _take(redis_client, "credentials", 30, ack=28)
    text = _scrape(StreamLagCollector(redis_client, [STREAM], alarm_at=10))
    labels = f'group="{{}}",stream="{STREAM}"'
    assert f"campus_stream_behind{{{labels.format('credentials')}}} 2.0" in text
    assert f"campus_stream_behind{{{labels.format('dashboard')}}} 30.0" in text
    assert f"campus_stream_lag_alarm{{{labels.format('credentials')}}} 0.0" in text
    assert f"campus_stream_lag_alarm{{{labels.format('dashboard')}}} 1.0" in text


def test_metrics_still_answer_while_redis_is_down(redis_server, redis_client):
    redis_client.xgroup_create(STREAM, "dashboard", id="0", mkstream=True)
    redis_server.stop()
    try:
        text = _scrape(StreamLagCollector(redis_client, [STREAM], alarm_at=10))
    finally:
        redis_server.start()
    assert "# TYPE campus_stream_behind gauge" in text
    assert "campus_stream_behind{" not in text
