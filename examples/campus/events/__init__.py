"""Asynchronous events between services, the Open edX way.

Event types follow OEP-41 (``org.openedx.<subdomain>.<subject>.<action>.v<N>``) and travel in a
CloudEvents 1.0 envelope. Services depend on the `EventBus` interface only; the backend is chosen
by whoever wires the platform.

    >>> bus = InProcessEventBus()
    >>> bus.subscribe(COURSE_COMPLETED, print)                          # doctest: +SKIP
    >>> event = event_create(COURSE_COMPLETED, source="enrollments", data={...})  # doctest: +SKIP
    >>> bus.publish(event)                                              # doctest: +SKIP
"""

from .bus import EventBus, EventHandler, EventPublisher
from .envelope import event_create, event_from_bytes, event_to_bytes
from .inprocess import Delivery, InProcessEventBus
from .types import COURSE_COMPLETED, EVENT_TYPES

__all__ = [
    "COURSE_COMPLETED",
    "EVENT_TYPES",
    "Delivery",
    "EventBus",
    "EventHandler",
    "EventPublisher",
    "InProcessEventBus",
    "event_create",
    "event_from_bytes",
    "event_to_bytes",
]
