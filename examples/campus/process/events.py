"""Events between real processes: the producer POSTs each event to every consumer's ``/events``.

A stand-in for a broker (OEP-52 names Kafka or Redis), built on the same `EventBus` interface,
so services cannot tell: the producer's publish sends the CloudEvent in JSON structured mode to
each consumer the registry lists for its type; the consumer's ``POST /events`` parses it and
delivers it to its own subscribers, in its own database scope.
Delivery happens once, after the producer's commit; a consumer that is down misses the event
(logged by name), which an outbox and a broker would fix. And the inbox trusts whoever posts to
it: on a network shared with anything else it needs the signed tokens between services first.
"""

import json
import logging

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from campus.errors import error_body
from campus.events import event_from_bytes, event_to_bytes
from campus.http import ServiceUnavailable
from campus.registry import SERVICES

__all__ = ["HttpEventBus", "events_route"]

logger = logging.getLogger(__name__)


class HttpEventBus:
    """`EventBus` for one process: subscribers here, consumers elsewhere reached over HTTP.

    ``client(name)`` gives a `campus.http.ServiceClient` for neighbour ``name``. Nothing is kept
    in memory per event: a long-running process does not grow with the events it sees.
    """

    def __init__(self, *, producer: str, client):
        self._handlers: dict[str, list] = {}
        self._remote = {
            event_type: [
                s.name for s in SERVICES if event_type in s.consumes and s.name != producer
            ]
            for event_type in {t for s in SERVICES for t in s.consumes}
        }
        self._client = client

    def subscribe(self, event_type: str, handler, *, consumer: str) -> None:
        self._handlers.setdefault(event_type, []).append((consumer, handler))

    def publish(self, event) -> None:
        self.deliver(event)
        body = json.loads(event_to_bytes(event))
        for consumer in self._remote.get(event.get_type(), ()):
            try:
                reply = self._client(consumer).post("/events", json=body)
            except ServiceUnavailable as exc:
                logger.error("event %s not delivered to %s: %s", event.get_id(), consumer, exc)
                continue
            if reply.status >= 300:
                logger.error("%s refused event %s: %s", consumer, event.get_id(), reply.body)

    def deliver(self, event) -> list[str]:
        """Hand ``event`` to this process's subscribers; one outcome each: "applied",
        "duplicate" (the handler returned False) or "failed" (it raised; logged)."""
        outcomes = []
        for consumer, handler in self._handlers.get(event.get_type(), ()):
            try:
                applied = handler(event)
            except Exception:
                logger.exception("consumer %s failed on event %s", consumer, event.get_id())
                outcomes.append("failed")
            else:
                outcomes.append("duplicate" if applied is False else "applied")
        return outcomes


def events_route(bus: HttpEventBus):
    """``POST /events``: one CloudEvent in, delivered to this process's subscribers."""

    class EventsApi(APIView):
        schema = None  # the platform's plumbing, not part of the service's public contract
        parser_classes = []  # the body is read raw: it is parsed as a CloudEvent below

        def post(self, request):
            try:
                event = event_from_bytes(request.body)
            except Exception as exc:  # the CloudEvents SDK raises several kinds
                message = f"The body is not a CloudEvent in JSON structured mode: {exc}"
                return Response(error_body("bad_event", message), status=400)
            outcomes = bus.deliver(event)
            if not outcomes:
                message = f"This service consumes no events of type {event.get_type()}."
                return Response(error_body("unknown_event_type", message), status=422)
            status = 500 if "failed" in outcomes else 202
            return Response({"id": event.get_id(), "outcomes": outcomes}, status=status)

    return path("events", EventsApi.as_view())
