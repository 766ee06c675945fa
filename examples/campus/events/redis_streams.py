"""The Redis Streams event bus (OEP-52 names Redis Streams as one of Open edX's two backends).

- One stream per event type (OEP-52's topic), named by `stream_name`. Publishing never trims:
  the relay trims only what every consumer group has acknowledged (`campus.events.stream_upkeep`),
  so a group however far behind loses nothing.
- One consumer group per consuming service; each process of that service is one consumer of the
  group, so the group shares the work.
- A message is acknowledged (``XACK``) only after the consumer's handler returned, that is after
  its transaction committed. A consumer that dies first leaves the message pending; after
  ``visibility_timeout_s`` another consumer (or the same one restarted) claims it (``XAUTOCLAIM``)
  and applies it. The handler's own idempotency (``ProcessedEvent``) absorbs the duplicate this
  can cause: delivery is at least once.
- A message delivered ``max_attempts`` times without success is moved to the group's dead-letter
  stream with its error, then acknowledged; so is, at once, an event that breaks its contract,
  and an entry deleted from the stream while pending (``XAUTOCLAIM`` names it, with no body).

redis-py speaks the protocol; Open edX's own Redis bus (edx-event-bus-redis) needs Python 3.12 and
acknowledges messages whose handler raised, which would turn a failure into a loss.

    >>> bus = RedisStreamsEventBus(redis.Redis.from_url(url))        # doctest: +SKIP
    >>> bus.publish(event)                                           # doctest: +SKIP
    >>> StreamConsumer(bus.redis, group="credentials", name="credentials-1",
    ...                handlers={COURSE_COMPLETED: handle}).run(stop)  # doctest: +SKIP

Longer than most modules: publish, read, claim, acknowledge and dead-letter are the steps of
one protocol over one Redis connection.
"""

import logging
import threading

import redis

from .consumer import event_consume, event_id_of
from .contracts import event_check

__all__ = [
    "RedisStreamsEventBus",
    "StreamConsumer",
    "dead_letter_stream",
    "stream_name",
    "worker_client_name",
]

logger = logging.getLogger(__name__)
FIELD = "event"  # each stream entry holds one field: the CloudEvents JSON


def stream_name(event_type: str) -> str:
    return f"campus:events:{event_type}"


def worker_client_name(role: str, service: str) -> str:
    """``campus-consume-credentials``: the name a worker gives its Redis connections (``CLIENT
    SETNAME``), so ``CLIENT LIST`` shows which workers are attached. ``role``: relay or consume."""
    return f"campus-{role}-{service}"


def dead_letter_stream(group: str) -> str:
    return f"campus:dead-letter:{group}"


class RedisStreamsEventBus:
    """The producer's side: `publish` appends the checked event to its type's stream.
    Raises `InvalidEvent` for an event that breaks its contract, and redis-py's
    ``ConnectionError`` when Redis is unreachable (the outbox relay then tries again later)."""

    def __init__(self, client: redis.Redis):
        self.redis = client

    def publish(self, event) -> None:
        raw = event_check(event)
        # No MAXLEN: a cap would drop the oldest entries whether every group had them or not.
        self.redis.xadd(stream_name(event.get_type()), {FIELD: raw})

    def subscribe(self, event_type, handler, *, consumer: str) -> None:
        raise TypeError(
            "a Redis consumer runs in a process of its own: StreamConsumer(group=consumer, ...)"
        )


class StreamConsumer:
    """One consumer of consumer group ``group``, applying each event with ``handlers[type]``.

    ``visibility_timeout_s``: how long a message may stay pending on a consumer before another
    claims it (and before a failed one is tried again). ``block_s``: the longest wait for new
    messages, which is also how soon `run` notices its stop. ``transient``: the errors of a
    handler whose dependency is away (its database), which spend none of an event's
    ``max_attempts``: it waits, pending, for the dependency. Counts land in ``self.counts``
    ("applied", "duplicate", "rejected", "failed", "dead_lettered", "deleted").
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        group: str,
        name: str,
        handlers: dict,
        visibility_timeout_s: float = 5.0,
        max_attempts: int = 5,
        block_s: float = 0.5,
        batch: int = 50,
        transient: tuple[type[BaseException], ...] = (),
    ):
        self.redis, self.group, self.name, self.handlers = client, group, name, handlers
        self.visibility_ms = int(visibility_timeout_s * 1000)
        self.max_attempts, self.block_ms, self.batch = max_attempts, int(block_s * 1000), batch
        self.streams = {stream_name(t): t for t in handlers}
        self.counts: dict[str, int] = {}
        self.transient = transient
        self._cursors = dict.fromkeys(self.streams, "0-0")

    def groups_create(self) -> None:
        """Create the group on every stream (and the stream), reading from the beginning; a
        group that exists is kept, with its position."""
        for stream in self.streams:
            try:
                self.redis.xgroup_create(stream, self.group, id="0", mkstream=True)
            except redis.ResponseError as error:
                if "BUSYGROUP" not in str(error):
                    raise

    def run(self, stop: threading.Event, *, max_pause_s: float = 1.0) -> None:
        """Consume until ``stop`` is set, riding out Redis being unreachable (retried with a
        doubling pause of up to ``max_pause_s``) and restarted (groups created again)."""
        pause = 0.05
        while not stop.is_set():
            try:
                self.groups_create()
                while not stop.is_set():
                    self.run_once()
                    pause = 0.05
            except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError) as error:
                logger.warning("consumer %s: %r; again in %.2f s", self.name, error, pause)
                stop.wait(pause)
                pause = min(pause * 2, max_pause_s)

    def run_once(self) -> int:
        """Claim what dead consumers left pending, then read new messages; the number handled."""
        handled = 0
        for stream in self.streams:
            cursor, claimed, deleted = self.redis.xautoclaim(
                stream,
                self.group,
                self.name,
                self.visibility_ms,
                start_id=self._cursors[stream],
                count=self.batch,
            )
            self._cursors[stream] = cursor
            # Redis 7 drops these from the pending list as it names them: recorded here or lost.
            for message_id in deleted:
                handled += self._handle(stream, message_id, None, claimed=True)
            for message_id, fields in claimed:
                handled += self._handle(stream, message_id, fields, claimed=True)
        read = self.redis.xreadgroup(
            self.group,
            self.name,
            dict.fromkeys(self.streams, ">"),
            count=self.batch,
            block=None if handled else self.block_ms,
        )
        for stream, messages in read or []:
            stream = stream.decode() if isinstance(stream, bytes) else stream
            for message_id, fields in messages:
                handled += self._handle(stream, message_id, fields, claimed=False)
        return handled

    def lag(self) -> dict[str, dict]:
        """Per stream: entries not yet read by the group (``lag``) and read but not yet
        acknowledged (``pending``), from ``XINFO GROUPS``."""
        lags = {}
        for stream, event_type in self.streams.items():
            for info in self.redis.xinfo_groups(stream):
                if _text(info["name"]) == self.group:
                    lags[event_type] = {"lag": info.get("lag"), "pending": info["pending"]}
        return lags

    def _handle(self, stream: str, message_id, fields, *, claimed: bool) -> int:
        if not fields:  # pending, then deleted from the stream (nil, or {} from redis-py): gone
            error = "deleted from the stream before it was acknowledged"
            self._dead_letter(stream, message_id, b"", "deleted", error, 0)
            return 1
        raw = fields.get(FIELD.encode(), b"")
        attempt = self._attempt(stream, message_id) if claimed else 1
        if attempt > self.max_attempts:  # its consumers died on it each time
            error = f"delivered {attempt - 1} times without being acknowledged"
            self._dead_letter(stream, message_id, raw, "dead_lettered", error, attempt - 1)
            return 1
        try:
            event_type = self.streams[stream]
            consumed = event_consume(raw, self.handlers[event_type], expected_type=event_type)
        except Exception as error:
            self._count("failed")
            text = f"{type(error).__name__}: {error}"
            logger.warning(
                "consumer %s failed on %s (attempt %d): %s", self.name, message_id, attempt, text
            )
            if isinstance(error, self.transient):
                # Not the event's fault: this delivery is not counted (XCLAIM's RETRYCOUNT,
                # JUSTID adds none), so an outage longer than the attempts dead-letters nothing.
                self.redis.xclaim(
                    stream, self.group, self.name, 0, [message_id],
                    retrycount=attempt - 1, justid=True,
                )  # fmt: skip
            elif attempt >= self.max_attempts:
                self._dead_letter(stream, message_id, raw, "dead_lettered", text, attempt)
            return 1  # left pending: claimed again after the visibility timeout
        if consumed.outcome == "rejected":
            self._dead_letter(stream, message_id, raw, "rejected", consumed.error, attempt)
            return 1
        self.redis.xack(stream, self.group, message_id)  # the handler's transaction committed
        self._count(consumed.outcome)
        return 1

    def _attempt(self, stream: str, message_id) -> int:
        [entry] = self.redis.xpending_range(stream, self.group, message_id, message_id, 1) or [{}]
        return entry.get("times_delivered", 1)

    def _dead_letter(self, stream, message_id, raw: bytes, outcome, error, attempts) -> None:
        event_id, event_type = event_id_of(raw)
        record = {
            FIELD: raw,
            "error": error,
            "outcome": outcome,
            "attempts": attempts,
            "stream": stream,
            "message_id": message_id,
            "event_id": event_id or "",
            "event_type": event_type,
            "consumer": self.name,
        }
        pipe = self.redis.pipeline()  # MULTI/EXEC: kept and acknowledged together, or neither
        pipe.xadd(dead_letter_stream(self.group), record)  # kept until someone deals with it
        pipe.xack(stream, self.group, message_id)
        pipe.execute()
        self._count(outcome)
        # A rejection is the contract working, recorded in the dead-letter stream; a consumer
        # giving up after retries is something to look at now.
        log = logger.info if outcome == "rejected" else logger.warning
        log(
            "consumer %s %s event %s (entry %s of %s): %s",
            self.name, outcome, event_id, _text(message_id), stream, error,
        )  # fmt: skip

    def _count(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value
