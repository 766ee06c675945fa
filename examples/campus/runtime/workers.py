"""The event workers as processes of their own: ``campus relay SERVICE`` publishes a service's
outbox to Redis Streams, ``campus consume SERVICE`` applies the events a service consumes.

Both run as ``SERVICE``, against its own database (under the in-process settings: the SQLite
files in ``CAMPUS_DATA_DIR``), take Redis from ``REDIS_URL`` (twelve-factor IV), and stop
within about half a second of ``stop`` being set (SIGTERM, SIGINT). Killed outright, they lose
nothing: the outbox keeps what was not relayed, the consumer group what was not acknowledged.
"""

import logging
import os
import socket
import threading

import redis
from django.db import connections

from campus.events.outbox import OutboxRelay
from campus.events.redis_streams import RedisStreamsEventBus, StreamConsumer
from campus.registry import service_get

from .assembly import event_handlers, in_scope, outbox_model, service_scope
from .databases import database_scope
from .relays import relay_loop

__all__ = ["consumer_build", "consumer_run", "relay_run"]

logger = logging.getLogger(__name__)


def relay_run(service: str, *, redis_url: str, stop: threading.Event, poll_s: float = 0.05):
    """Relay ``service``'s outbox to Redis until ``stop`` is set."""
    spec = service_get(service)
    if not spec.publishes:
        raise ValueError(f"{service} publishes no events, so it has no outbox to relay")
    client = redis.Redis.from_url(redis_url)
    relay = OutboxRelay(outbox_model(spec), RedisStreamsEventBus(client))
    try:
        with database_scope(service_scope(spec)):
            relay_loop(relay, stop=stop, wake=threading.Event(), poll_s=poll_s)
    finally:
        client.close()
        connections.close_all()


def consumer_build(service: str, *, redis_url: str, **options) -> StreamConsumer:
    """A consumer of group ``service`` applying the handlers ``service`` declares, each in its
    own database scope. ``options`` go to `StreamConsumer`."""
    spec = service_get(service)
    if not spec.consumes:
        raise ValueError(f"{service} consumes no events")
    scope = service_scope(spec)
    handlers = event_handlers(spec)
    name = f"{service}-{socket.gethostname()}-{os.getpid()}"
    return StreamConsumer(
        redis.Redis.from_url(redis_url),
        group=service,
        name=name,
        handlers={t: in_scope(handlers[t], scope) for t in spec.consumes},
        **options,
    )


def consumer_run(service: str, *, redis_url: str, stop: threading.Event, **options) -> None:
    consumer = consumer_build(service, redis_url=redis_url, **options)
    try:
        consumer.run(stop)
    finally:
        consumer.redis.close()
        connections.close_all()
        logger.info("consumer %s stopped: %s", consumer.name, consumer.counts)
