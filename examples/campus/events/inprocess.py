"""The default event bus backend: delivery inside this process.

Each event is serialised on publish and parsed again for every consumer, exactly as a broker would
hand it over, so a consumer can never lean on the producer's Python objects. Delivery is
at-least-once in spirit: `redeliver` hands an event over again, and consumers must cope.
"""

import logging
import threading
from dataclasses import dataclass

from .bus import EventHandler
from .envelope import event_from_bytes, event_to_bytes

__all__ = ["Delivery", "InProcessEventBus"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """What happened when one event reached one consumer."""

    event_id: str
    event_type: str
    consumer: str
    outcome: str  # "applied", "duplicate" or "failed"


class InProcessEventBus:
    """Synchronous fan-out to subscribers; a failing consumer never fails the producer."""

    def __init__(self):
        self._subscribers: dict[str, list[tuple[str, EventHandler]]] = {}
        self._published: dict[str, bytes] = {}
        self._deliveries: list[Delivery] = []
        self._lock = threading.Lock()

    def subscribe(self, event_type: str, handler: EventHandler, *, consumer: str) -> None:
        with self._lock:
            self._subscribers.setdefault(event_type, []).append((consumer, handler))

    def publish(self, event) -> None:
        raw = event_to_bytes(event)
        with self._lock:
            self._published[event.get_id()] = raw
        self._deliver(raw)

    def redeliver(self, event_id: str) -> None:
        """Deliver an already published event again, as an at-least-once broker may."""
        with self._lock:
            raw = self._published[event_id]
        self._deliver(raw)

    def published(self) -> list:
        with self._lock:
            return [event_from_bytes(raw) for raw in self._published.values()]

    def deliveries(self) -> list[Delivery]:
        with self._lock:
            return list(self._deliveries)

    def _deliver(self, raw: bytes) -> None:
        event_type = event_from_bytes(raw).get_type()
        with self._lock:
            subscribers = list(self._subscribers.get(event_type, ()))
        for consumer, handler in subscribers:
            event = event_from_bytes(raw)
            try:
                applied = handler(event)
            except Exception:
                logger.exception("consumer %s failed on event %s", consumer, event.get_id())
                outcome = "failed"
            else:
                outcome = "duplicate" if applied is False else "applied"
            with self._lock:
                self._deliveries.append(Delivery(event.get_id(), event_type, consumer, outcome))
