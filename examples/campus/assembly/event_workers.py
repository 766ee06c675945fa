"""The event workers as processes of their own: ``campus relay SERVICE`` publishes a service's
outbox to Redis Streams, ``campus consume SERVICE`` applies the events a service consumes.

Both run as ``SERVICE``, against its own database: under the in-process settings the SQLite
files in ``CAMPUS_DATA_DIR``; under `campus.process.settings` (``campus up``, the deploy
artifacts) the PostgreSQL database of ``DATABASE_URL``, or the monolith's one database when
``CAMPUS_SERVICE=monolith``. They take Redis from ``REDIS_URL`` (twelve-factor IV), name their
Redis connections (`worker_client_name`, what ``campus up`` waits for), and stop
within about half a second of ``stop`` being set (SIGTERM, SIGINT), two when Redis is gone
(`campus.assembly.redis_clients`). Killed outright, they lose
nothing: the outbox keeps what was not relayed, the consumer group what was not acknowledged.

Every relay also trims the streams it publishes to, below what every consumer group has
acknowledged, and warns about a group more than ``CAMPUS_STREAM_LAG_ALARM`` entries behind
(`campus.events.stream_upkeep`). Enrollments' relay also runs the enrollment saga's recovery
between its passes
(`campus.assembly.saga_recovery`), and relays its task outbox to Celery's queue on the same
Redis (`campus.events.task_outbox`, `campus.assembly.tasks`): each pass, its events, then its
tasks.
"""

import logging
import os
import socket
import threading

import redis
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

from campus.events.outbox import OutboxRelay
from campus.events.redis_streams import (
    RedisStreamsEventBus,
    StreamConsumer,
    stream_name,
    worker_client_name,
)
from campus.events.stream_upkeep import StreamUpkeep
from campus.events.task_outbox import task_message
from campus.events.validation import validator_load
from campus.registry import SERVICES, ServiceSpec, service_get

from .config import value
from .databases import database_scope
from .heartbeat import Heartbeat, heartbeat_path
from .redis_clients import redis_client
from .relays import OutboxRelays, relay_loop
from .saga_recovery import recovery_pass
from .service_events import (
    event_handlers,
    in_scope,
    monolith_scope,
    outbox_model,
    outbox_of,
    service_scope,
    task_outbox_model,
)

__all__ = ["consumer_build", "consumer_run", "relay_run"]

logger = logging.getLogger(__name__)


def relay_run(service: str, *, redis_url: str, stop: threading.Event, poll_s: float = 0.05):
    """Relay ``service``'s outbox to Redis until ``stop`` is set; between two passes, keep its
    streams trimmed (`StreamUpkeep`) and run its recovery pass, if it has one."""
    spec = service_get(service)
    if not spec.publishes:
        raise ValueError(f"{service} publishes no events, so it has no outbox to relay")
    alarm_at = value(os.environ, "CAMPUS_STREAM_LAG_ALARM")  # a bad value: refused at once
    client = redis_client(redis_url, client_name=worker_client_name("relay", service))
    relay = OutboxRelay(outbox_model(spec), RedisStreamsEventBus(client))
    tasks = None
    if spec.tasks:  # its commands go to Celery's queue, on the same Redis
        # Imported here: Celery is for the relays of services with tasks, not every worker.
        from .tasks import TaskQueue, task_app

        tasks = task_app(redis_url)
        queue = TaskQueue(tasks)
        relay = OutboxRelays(
            relay, OutboxRelay(task_outbox_model(spec), queue, decode=task_message)
        )
    # Every group that will read a stream must exist before the stream is trimmed at all.
    readers = {
        stream_name(t): {s.name for s in SERVICES if t in s.consumes} for t in spec.publishes
    }
    upkeep = StreamUpkeep(client, list(readers), alarm_at=alarm_at, groups=readers)
    validator_load()  # before the named connection says this relay is at work
    try:
        _connect(client, stop)
        with database_scope(_scope(spec)):
            passes = [upkeep, recovery_pass(service, environ=os.environ)]
            on_pass = _beating(_each([p for p in passes if p is not None]), "relay", service)
            relay_loop(relay, stop=stop, wake=threading.Event(), poll_s=poll_s, on_pass=on_pass)
    finally:
        client.close()
        if tasks is not None:
            tasks.pool.force_close_all()  # the broker connections kombu keeps for sending
        connections.close_all()


def consumer_build(service: str, *, redis_url: str, **options) -> StreamConsumer:
    """A consumer of group ``service`` applying the handlers ``service`` declares, each in its
    own database scope. ``options`` go to `StreamConsumer`."""
    spec = service_get(service)
    if not spec.consumes:
        raise ValueError(f"{service} consumes no events")
    scope = _scope(spec)
    handlers = event_handlers(spec, events=outbox_of(spec))
    name = f"{service}-{socket.gethostname()}-{os.getpid()}"
    return StreamConsumer(
        redis_client(redis_url, client_name=worker_client_name("consume", service)),
        group=service,
        name=name,
        handlers={t: in_scope(handlers[t], scope) for t in spec.consumes},
        # A database that does not answer (stalled, every slot taken) costs no event an attempt.
        transient=(OperationalError, InterfaceError),
        **options,
    )


def consumer_run(service: str, *, redis_url: str, stop: threading.Event, **options) -> None:
    consumer = consumer_build(service, redis_url=redis_url, **options)
    # Its liveness (`campus.assembly.heartbeat`): a beat each time round its loop, whether
    # Redis answered or not.
    heartbeat = Heartbeat(heartbeat_path("consume", service))
    consumer.groups_create = heartbeat.beating(consumer.groups_create)
    consumer.run_once = heartbeat.beating(consumer.run_once)
    validator_load()  # before its connection and group say this consumer is at work
    try:
        consumer.run(stop)
    finally:
        consumer.redis.close()
        connections.close_all()
        logger.info("consumer %s stopped: %s", consumer.name, consumer.counts)


def _each(passes):
    def on_pass(published: int) -> None:
        for run in passes:
            run(published)

    return on_pass


def _beating(on_pass, role: str, service: str):
    """``on_pass`` (or nothing), after a beat of the heartbeat: each pass, failed or not."""
    heartbeat = Heartbeat(heartbeat_path(role, service))

    def passed(published: int) -> None:
        heartbeat.beat()
        if on_pass is not None:
            on_pass(published)

    return passed


def _scope(spec: ServiceSpec):
    """The service's own database, or the monolith's when this process runs as the monolith."""
    if getattr(settings, "CAMPUS_SERVICE", None) == "monolith":
        return monolith_scope()
    return service_scope(spec)


def _connect(client: redis.Redis, stop: threading.Event, max_pause_s: float = 1.0) -> None:
    """Open the first connection (named, so it shows in CLIENT LIST) as soon as Redis answers."""
    pause = 0.05
    while not stop.is_set():
        try:
            client.ping()
            return
        except (redis.ConnectionError, redis.TimeoutError) as error:
            logger.warning("relay: Redis unreachable (%r); again in %.2f s", error, pause)
            stop.wait(pause)
            pause = min(pause * 2, max_pause_s)
