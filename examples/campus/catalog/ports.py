"""What the catalog needs from its neighbours: none. It is the source of truth for courses, and
announces every change to one (`campus.events.COURSE_CHANGED`) through ``events``, its outbox."""

from dataclasses import dataclass

from campus.events import EventPublisher

__all__ = ["CatalogPorts"]


@dataclass(frozen=True)
class CatalogPorts:
    """The catalog calls no other service and consumes no event: it only publishes."""

    events: EventPublisher
