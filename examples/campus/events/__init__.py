"""Asynchronous events between services, the Open edX way.

Event types follow OEP-41 (``org.openedx.<subdomain>.<subject>.<action>.v<N>``) and travel in a
CloudEvents 1.0 envelope; each type's payload has a JSON Schema contract (`contracts`), checked
when published and when consumed. Services depend on the `EventBus` interface only; the backend
(in-process, or Redis Streams in `campus.events.redis_streams`) is chosen by whoever wires the
platform. Producers write events to an outbox table (`campus.events.outbox`) in the same
transaction as their change; a relay publishes them.

    >>> bus = InProcessEventBus()
    >>> bus.subscribe(COURSE_COMPLETED, print, consumer="printer")       # doctest: +SKIP
    >>> event = event_create(COURSE_COMPLETED, source="enrollments", data={...})  # doctest: +SKIP
    >>> bus.publish(event)                                              # doctest: +SKIP
    >>> bus.drain(timeout=5)                                            # doctest: +SKIP
    True
"""

from .bus import EventBus, EventHandler, EventPublisher
from .consumer import Consumed, event_consume
from .contracts import CONTRACTS, event_check, payload_check, revision_breaking_changes
from .envelope import InvalidEvent, event_create, event_from_bytes, event_to_bytes
from .inprocess import DeadLetter, Delivery, InProcessEventBus
from .types import (
    CERTIFICATE_CREATED,
    COURSE_CHANGED,
    COURSE_COMPLETED,
    ENROLLMENT_CREATED,
    EVENT_TYPES,
)

__all__ = [
    "CERTIFICATE_CREATED",
    "CONTRACTS",
    "COURSE_CHANGED",
    "COURSE_COMPLETED",
    "ENROLLMENT_CREATED",
    "EVENT_TYPES",
    "Consumed",
    "DeadLetter",
    "Delivery",
    "EventBus",
    "EventHandler",
    "EventPublisher",
    "InProcessEventBus",
    "InvalidEvent",
    "event_check",
    "event_consume",
    "event_create",
    "event_from_bytes",
    "event_to_bytes",
    "payload_check",
    "revision_breaking_changes",
]
