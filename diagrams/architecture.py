"""The platform's architecture as a small graph, read from `campus.registry`: what gets drawn.

Pure data, no Graphviz: the services, the synchronous calls between them, and who publishes and
who consumes each event type. The figures in ``render.py`` draw this model and nothing else, so a
service or a call added to the registry shows up in every figure on the next build.

    >>> model = architecture()
    >>> ("dashboard", "catalog") in model.call_edges()
    True
"""

from collections.abc import Iterable
from dataclasses import dataclass

from campus.registry import SERVICES, ServiceSpec

__all__ = ["Architecture", "Call", "Topic", "architecture"]


@dataclass(frozen=True)
class Call:
    """A synchronous request from one service to another (an HTTP hop between microservices)."""

    caller: str
    callee: str


@dataclass(frozen=True)
class Topic:
    """One event type, its single producer (OEP-41) and the services that react to it."""

    event_type: str
    publisher: str
    consumers: tuple[str, ...]


@dataclass(frozen=True)
class Architecture:
    """Everything the figures draw: the services, in registry order, and what links them."""

    services: tuple[ServiceSpec, ...]
    calls: tuple[Call, ...]
    topics: tuple[Topic, ...]

    def call_edges(self) -> set[tuple[str, str]]:
        """(caller, callee) pairs, the shape `campus.http.Trace.edges()` reports."""
        return {(call.caller, call.callee) for call in self.calls}

    def event_edges(self) -> set[tuple[str, str, str]]:
        """(publisher, consumer, event type) for every delivery the bus makes."""
        return {
            (topic.publisher, consumer, topic.event_type)
            for topic in self.topics
            for consumer in topic.consumers
        }


def architecture(services: Iterable[ServiceSpec] = SERVICES) -> Architecture:
    """The model of ``services`` (default: the registry), refusing one that cannot be drawn."""
    services = tuple(services)
    names = [spec.name for spec in services]
    calls = tuple(Call(spec.name, callee) for spec in services for callee in spec.calls)
    for call in calls:
        if call.callee not in names:
            raise ValueError(f"{call.caller} calls {call.callee!r}, which is not a service")
    return Architecture(services=services, calls=calls, topics=_topics(services))


def _topics(services: tuple[ServiceSpec, ...]) -> tuple[Topic, ...]:
    topics = []
    for event_type in dict.fromkeys(t for spec in services for t in spec.publishes):
        publishers = [spec.name for spec in services if event_type in spec.publishes]
        if len(publishers) > 1:
            # OEP-41: the producer is the source of truth, so there is exactly one.
            raise ValueError(f"{event_type} has several producers: {publishers}")
        consumers = tuple(spec.name for spec in services if event_type in spec.consumes)
        topics.append(Topic(event_type, publishers[0], consumers))
    published = {topic.event_type for topic in topics}
    for spec in services:
        if unpublished := sorted(set(spec.consumes) - published):
            raise ValueError(
                f"{spec.name} consumes {', '.join(unpublished)}, which no service publishes"
            )
    return tuple(topics)
