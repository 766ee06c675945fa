"""The event bus interface services depend on (OEP-52: one abstraction, several backends)."""

from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["EventBus", "EventHandler", "EventPublisher"]

EventHandler = Callable[[Any], None]


class EventPublisher(Protocol):
    def publish(self, event) -> None: ...


class EventBus(EventPublisher, Protocol):
    def subscribe(self, event_type: str, handler: EventHandler, *, consumer: str) -> None: ...
