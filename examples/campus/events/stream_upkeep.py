"""Keeping the event streams bounded without losing an event, and saying when a group lags.

A stream is trimmed only below the oldest entry some consumer group still needs
(``XTRIM MINID``): the group's oldest pending entry, or else the one after its last delivered.
So nothing is dropped that a group has not acknowledged, however far behind it is. A stream
with no group keeps everything, and so does one where a group it expects (``groups``: the
services that consume it) is not created yet: that group will read it from the start
(`StreamConsumer.groups_create`), so no entry is known to be done with. A group's position only
moves forward, so a trim point read a moment before the trim is still safe when it runs.

A group more than ``alarm_at`` entries behind (not yet delivered, plus delivered and not yet
acknowledged) is logged as a warning by `StreamUpkeep`, which a relay runs between passes, and
shown by `StreamLagCollector` on ``/metrics``.

    >>> upkeep = StreamUpkeep(client, streams, alarm_at=1000)  # doctest: +SKIP
    >>> relay_loop(relay, stop=stop, wake=wake, on_pass=upkeep)     # doctest: +SKIP
"""

import logging
import time
from dataclasses import dataclass

import redis
from prometheus_client.core import GaugeMetricFamily

__all__ = ["GroupPosition", "StreamLagCollector", "StreamUpkeep", "group_positions", "stream_trim"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GroupPosition:
    """Where consumer group ``group`` stands on ``stream``. ``behind``: entries it has not
    acknowledged; ``keep_from``: the oldest entry it still needs (all before it are done)."""

    stream: str
    group: str
    behind: int
    pending: int
    keep_from: str


def group_positions(client: redis.Redis, stream: str) -> list[GroupPosition]:
    """Every group of ``stream``, from ``XINFO GROUPS`` and ``XPENDING`` (none: no stream)."""
    try:
        groups = client.xinfo_groups(stream)
    except redis.ResponseError:  # no such key: nothing published, no group created yet
        return []
    positions = []
    for info in groups:
        name, pending = _text(info["name"]), info["pending"]
        after = _next_id(_text(info["last-delivered-id"]))
        keep_from = _text(client.xpending(stream, name)["min"] or after) if pending else after
        # Redis answers nil when it cannot count (entries deleted past the group's position):
        # the stream's length is then an upper bound, the safe side for an alarm.
        lag = info.get("lag")
        lag = client.xlen(stream) if lag is None else lag
        positions.append(GroupPosition(stream, name, lag + pending, pending, keep_from))
    return positions


def stream_trim(client: redis.Redis, stream: str, positions: list[GroupPosition]) -> int:
    """Remove the entries every group of ``stream`` has acknowledged; the number removed."""
    if not positions:
        return 0
    oldest_needed = min(positions, key=lambda p: _id_key(p.keep_from)).keep_from
    return client.xtrim(stream, minid=oldest_needed, approximate=False)


class StreamUpkeep:
    """Trim ``streams`` and warn about lagging groups every ``every_s`` seconds: a relay's
    ``on_pass``. A group still behind is warned about again every ``repeat_s``; a failure is
    logged, never raised, so the relay goes on relaying."""

    def __init__(self, client, streams, *, alarm_at: int, groups=None, every_s=5.0, repeat_s=60.0):
        self.client, self.streams, self.alarm_at = client, list(streams), alarm_at
        self.groups = groups or {}  # stream -> the groups that will read it
        self.every_s, self.repeat_s = every_s, repeat_s
        self._due = 0.0
        self._warned: dict[tuple[str, str], float] = {}  # (stream, group) -> when

    def __call__(self, published: int = 0) -> None:
        if time.monotonic() < self._due:
            return
        self._due = time.monotonic() + self.every_s
        try:
            self.run_once()
        except redis.RedisError as error:
            logger.warning("stream upkeep failed, again in %.1f s: %r", self.every_s, error)

    def run_once(self) -> int:
        """One pass over every stream; the number of entries trimmed."""
        trimmed = 0
        for stream in self.streams:
            positions = group_positions(self.client, stream)
            if set(self.groups.get(stream, ())) <= {p.group for p in positions}:
                trimmed += stream_trim(self.client, stream, positions)
            for position in positions:
                self._alarm(position)
        return trimmed

    def _alarm(self, position: GroupPosition) -> None:
        key, now = (position.stream, position.group), time.monotonic()
        if position.behind <= self.alarm_at:
            if self._warned.pop(key, None) is not None:
                logger.info("group %s caught up on %s", position.group, position.stream)
            return
        if now - self._warned.get(key, -self.repeat_s) >= self.repeat_s:
            self._warned[key] = now
            logger.warning(
                "group %s is %d entries behind on %s (alarm above %d; %d pending)",
                position.group, position.behind, position.stream, self.alarm_at,
                position.pending,
            )  # fmt: skip


class StreamLagCollector:
    """Prometheus gauges read from Redis at each scrape, per stream and group: entries behind,
    and 1 when more than ``alarm_at``. Redis not answering leaves them out of that scrape."""

    def __init__(self, client: redis.Redis, streams, *, alarm_at: int):
        self.client, self.streams, self.alarm_at = client, list(streams), alarm_at

    def collect(self):
        labels = ["stream", "group"]
        behind = GaugeMetricFamily(
            "campus_stream_behind", "Entries a consumer group has not acknowledged", labels=labels
        )
        alarm = GaugeMetricFamily(
            "campus_stream_lag_alarm", "1 when a group is more than CAMPUS_STREAM_LAG_ALARM "
            "entries behind", labels=labels,
        )  # fmt: skip
        try:
            positions = [p for s in self.streams for p in group_positions(self.client, s)]
        except redis.RedisError as error:
            logger.info("stream lag not read: %r", error)
            positions = []
        for p in positions:
            behind.add_metric([p.stream, p.group], p.behind)
            alarm.add_metric([p.stream, p.group], int(p.behind > self.alarm_at))
        yield behind
        yield alarm


def _id_key(entry_id: str) -> tuple[int, int]:
    milliseconds, _, sequence = entry_id.partition("-")
    return int(milliseconds), int(sequence or 0)


def _next_id(entry_id: str) -> str:
    """The smallest id after ``entry_id``: trimming below it keeps nothing the group lacks."""
    milliseconds, sequence = _id_key(entry_id)
    return f"{milliseconds}-{sequence + 1}"


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value
