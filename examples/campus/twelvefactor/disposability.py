"""IX. Disposability: maximise robustness with fast startup and graceful shutdown.

A process may be stopped at any moment. On a stop the servers stop accepting, then give the
requests in flight a grace period to finish: without one they are cut off, and a grace longer
than an orchestrator waits (Kubernetes sends SIGKILL 30 s after SIGTERM by default) is cut off
anyway. A process must also survive sudden death: an event kept only in memory between its relay
and its delivery is lost with the process, which the audit reports.
"""

import inspect

from campus.embedded import servers
from campus.process import gunicorn_conf

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "GRACE_LIMIT_S", "check"]

FACTOR = factor_get("IX")
GRACE_LIMIT_S = 30.0


def check(app_configs=None, **kwargs):
    return [*_shutdown_grace(), *_events_lost_on_a_crash()]


def _shutdown_grace():
    if sources.process_service() is not None:
        # A real process is gunicorn: its master gives the workers this grace on SIGTERM.
        grace = gunicorn_conf.graceful_timeout
        obj = "campus.process.gunicorn_conf.graceful_timeout"
    else:
        grace = inspect.signature(servers.LoopbackServer.stop).parameters["grace"].default
        obj = "campus.embedded.servers.LoopbackServer.stop"
    if grace <= 0:
        return [
            FACTOR.message(
                "E001",
                f"A stop gives requests in flight {grace} s to finish: they are cut off.",
                hint="Give stop() a grace of a second or more.",
                obj=obj,
            )
        ]
    if grace > GRACE_LIMIT_S:
        return [
            FACTOR.message(
                "W001",
                f"A stop waits up to {grace} s for requests in flight, longer than an "
                f"orchestrator usually waits ({GRACE_LIMIT_S:.0f} s) before it kills the process.",
                hint=f"Keep the grace under {GRACE_LIMIT_S:.0f} s.",
                obj=obj,
            )
        ]
    return []


def _events_kept_through_a_crash():
    publishers = sources.event_publishers()
    broker = sources.event_broker_url()
    if not publishers or broker is None:
        return []
    outboxes = ", ".join(f"{name} ({cls})" for name, cls in sorted(publishers.items()))
    return [
        FACTOR.message(
            "I001",
            f"Events survive a crash: {outboxes} write each event in the transaction of the "
            f"change it announces, a relay moves it to Redis Streams at {broker}, and each "
            "consumer group keeps it until its consumer acknowledges it after its own commit "
            "(a dead consumer's messages are claimed by another).",
            hint="Nothing to do; consumers must stay idempotent (delivery is at least once).",
            obj="campus.events.outbox.TransactionalOutbox",
        )
    ]


def _events_lost_on_a_crash():
    if sources.process_service() is not None:
        return _events_kept_through_a_crash()
    bus = sources.event_bus_without_outbox()
    if bus is None:
        return []
    return [
        FACTOR.message(
            "W002",
            "Events survive a crash in the producer's outbox table until the relay hands them "
            "to a bus held in memory: if the process dies before a consumer ran, the event "
            "is gone.",
            hint="Relay the outbox to a broker that keeps events until each consumer group "
            "acknowledges them: Redis Streams (campus relay, campus consume).",
            obj=bus,
        )
    ]
