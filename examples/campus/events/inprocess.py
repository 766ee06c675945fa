"""The default event bus backend: delivery inside this process, on a thread of its own.

`publish` checks the event against its contract and queues it; a delivery thread hands it to each
subscriber after the producer has moved on (off the request path). Each consumer gets a copy
parsed from the wire bytes, as a broker would hand it over. A consumer that raises is retried
``max_attempts`` times in all, with a doubling delay, then the event is *dead-lettered* for that
consumer, with its error; an event that breaks its contract is *rejected* at once. Nothing is
dropped silently: every attempt is a `Delivery`, every event given up on a `DeadLetter`.

Everything lives in memory: what is queued when the process dies is gone. The outbox
(`campus.events.outbox`) is what makes a completion survive that; Redis Streams
(`campus.events.redis_streams`) what makes delivery survive it.

    >>> bus = InProcessEventBus()
    >>> bus.subscribe(COURSE_COMPLETED, handler, consumer="credentials")   # doctest: +SKIP
    >>> bus.publish(event); bus.drain(timeout=5)                           # doctest: +SKIP
    True
    >>> bus.close()

Longer than most modules: the delivery thread, its retries and its records of deliveries and
dead letters are one mechanism; split, each part would make sense only beside the others.
"""

import heapq
import itertools
import logging
import threading
import time
from dataclasses import dataclass

from .bus import EventHandler
from .consumer import event_consume, event_id_of
from .contracts import event_check
from .envelope import event_from_bytes

__all__ = ["DeadLetter", "Delivery", "InProcessEventBus"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """One attempt at handing one event to one consumer.

    ``outcome``: "applied", "duplicate", "retrying" (raised; tried again later),
    "dead_lettered" (raised on its last attempt) or "rejected" (broke its contract).
    """

    event_id: str | None
    event_type: str
    consumer: str
    outcome: str
    attempt: int = 1
    error: str = ""


@dataclass(frozen=True)
class DeadLetter:
    """An event a consumer gave up on, kept with the reason: for a person to look at.
    ``consumer`` is empty for bytes that stated no type, so no consumer could be chosen."""

    consumer: str
    event_id: str | None
    raw: bytes
    error: str
    attempts: int


class InProcessEventBus:
    """Fan-out to subscribers on a delivery thread, with bounded retries and a dead-letter list.

    ``retry_delay_s`` is the wait before the second attempt (doubling after each failure);
    ``on_thread_exit`` runs on the delivery thread as it stops (to close its database
    connections). The thread starts with the first event and stops on `close`.
    """

    def __init__(self, *, max_attempts: int = 3, retry_delay_s: float = 0.02, on_thread_exit=None):
        self.max_attempts = max_attempts
        self.retry_delay_s = retry_delay_s
        self._on_thread_exit = on_thread_exit
        self._subscribers: dict[str, list[tuple[str, EventHandler]]] = {}
        self._published: dict[str, bytes] = {}
        self._deliveries: list[Delivery] = []
        self._dead_letters: list[DeadLetter] = []
        self._queue: list[tuple] = []  # heap of (due, seq, raw, consumer, handler, attempt)
        self._seq = itertools.count()
        self._busy = 0  # deliveries running right now
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closing = False

    def subscribe(self, event_type: str, handler: EventHandler, *, consumer: str) -> None:
        with self._changed:
            self._subscribers.setdefault(event_type, []).append((consumer, handler))

    def publish(self, event) -> None:
        """Queue ``event`` for every subscriber of its type. Raises `InvalidEvent` when it
        breaks its contract: a producer's bug, refused before anyone sees it."""
        raw = event_check(event)
        with self._changed:
            self._published[event.get_id()] = raw
        self._enqueue(raw, event.get_type())

    def publish_unchecked(self, raw: bytes) -> None:
        """Queue bytes as a broker would hand them over, skipping the producer's checks: what a
        consumer sees from a broken or hostile producer. For tests and demonstrations. Bytes
        that state no type can be routed to no consumer: they are rejected here, and
        dead-lettered with no consumer named."""
        event_id, event_type = event_id_of(raw)
        if not event_type:
            error = "envelope: no type to deliver it by"
            with self._changed:
                self._deliveries.append(Delivery(event_id, "", "", "rejected", 1, error))
                self._dead_letters.append(DeadLetter("", event_id, raw, error, 1))
                self._changed.notify_all()
            return
        self._enqueue(raw, event_type)

    def redeliver(self, event_id: str) -> None:
        """Deliver an already published event again, as an at-least-once broker may.
        Raises KeyError for an id never published."""
        with self._changed:
            raw = self._published[event_id]
        self._enqueue(raw, event_from_bytes(raw).get_type())

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until every queued delivery is done (retries included); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._queue or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Stop the delivery thread (after the delivery it is running, if any). Deliveries
        still queued stay queued, and start again with the next publish."""
        with self._changed:
            thread, self._closing = self._thread, True
            self._changed.notify_all()
        if thread is not None:
            thread.join(timeout)
        with self._changed:
            self._thread, self._closing = None, False

    def published(self, event_type: str | None = None) -> list:
        """The events published so far, oldest first; only those of ``event_type`` if given."""
        with self._changed:
            events = [event_from_bytes(raw) for raw in self._published.values()]
        return [e for e in events if event_type in (None, e.get_type())]

    def deliveries(self, event_type: str | None = None) -> list[Delivery]:
        """Every delivery attempt so far, oldest first; only those of ``event_type`` if given."""
        with self._changed:
            return [d for d in self._deliveries if event_type in (None, d.event_type)]

    def dead_letters(self) -> list[DeadLetter]:
        with self._changed:
            return list(self._dead_letters)

    def _enqueue(self, raw: bytes, event_type: str) -> None:
        with self._changed:
            for consumer, handler in self._subscribers.get(event_type, ()):
                self._push(time.monotonic(), raw, consumer, handler, 1)
            if self._queue and self._thread is None:
                self._thread = threading.Thread(target=self._run, name="campus-events", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def _push(self, due, raw, consumer, handler, attempt) -> None:
        heapq.heappush(self._queue, (due, next(self._seq), raw, consumer, handler, attempt))

    def _run(self) -> None:
        try:
            while (job := self._next_job()) is not None:
                self._deliver(*job)
        finally:
            if self._on_thread_exit is not None:
                self._on_thread_exit()

    def _next_job(self):
        with self._changed:
            while not self._closing:
                wait = self._queue[0][0] - time.monotonic() if self._queue else None
                if wait is not None and wait <= 0:
                    self._busy += 1
                    return heapq.heappop(self._queue)[2:]
                self._changed.wait(wait)
            return None

    def _deliver(self, raw: bytes, consumer: str, handler, attempt: int) -> None:
        event_id, event_type = event_id_of(raw)
        try:
            consumed = event_consume(raw, handler)
        except Exception as error:
            logger.warning("consumer %s failed on event %s: %r", consumer, event_id, error)
            self._failed(raw, consumer, handler, attempt, f"{type(error).__name__}: {error}")
            return
        with self._changed:
            self._busy -= 1
            error = consumed.error
            self._deliveries.append(
                Delivery(event_id, event_type, consumer, consumed.outcome, attempt, error)
            )
            if consumed.outcome == "rejected":
                # Recorded in the dead letters, which is where someone looks: not a warning.
                logger.info("consumer %s rejected event %s: %s", consumer, event_id, error)
                self._dead_letters.append(DeadLetter(consumer, event_id, raw, error, attempt))
            self._changed.notify_all()

    def _failed(self, raw, consumer, handler, attempt, error: str) -> None:
        event_id, event_type = event_id_of(raw)
        last = attempt >= self.max_attempts
        with self._changed:
            self._busy -= 1
            outcome = "dead_lettered" if last else "retrying"
            self._deliveries.append(
                Delivery(event_id, event_type, consumer, outcome, attempt, error)
            )
            if last:
                self._dead_letters.append(DeadLetter(consumer, event_id, raw, error, attempt))
            else:
                due = time.monotonic() + self.retry_delay_s * 2 ** (attempt - 1)
                self._push(due, raw, consumer, handler, attempt + 1)
            self._changed.notify_all()
