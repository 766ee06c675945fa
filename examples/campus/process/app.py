"""Build the WSGI app of this process: one service with HTTP adapters, or the monolith.

The same assembly the in-process runtime uses (`campus.assembly.service_apps`); what differs
is where neighbours are (their URLs from the environment) and how events travel: a service that
publishes writes each event to its outbox table, in the transaction of the change it announces;
a relay process (``campus relay``) moves the rows to Redis Streams and a consumer process
(``campus consume``) applies them. No web process subscribes to anything.
"""

import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

from campus.assembly.auth import monolith_verifier, service_verifier
from campus.assembly.calls import clients_of, ready_checks
from campus.assembly.config import MONOLITH, PlatformConfig, given, otlp_configured, value
from campus.assembly.injected_work import injected_work
from campus.assembly.redis_clients import request_redis_client
from campus.assembly.service_apps import monolith_app, service_app
from campus.assembly.service_events import outbox_of
from campus.assembly.wsgi_app import ServiceApp
from campus.events.outbox import TransactionalOutbox
from campus.events.redis_streams import stream_name
from campus.events.stream_upkeep import StreamLagCollector
from campus.events.validation import validator_load
from campus.metrics import ServiceMetrics
from campus.registry import IDENTITY, SERVICES, service_get
from campus.tracing import Trace

__all__ = ["application", "outbox_for", "ready_warm_up"]


def outbox_for(name: str) -> TransactionalOutbox | None:
    """The publisher of service ``name``: its outbox, or None when it publishes nothing."""
    spec = service_get(name)
    if spec.publishes:
        validator_load()  # now, not on the first event: the outbox checks each event's contract
    return outbox_of(spec)


@functools.cache
def application() -> ServiceApp:
    """The app for ``settings.CAMPUS_SERVICE``, built once per process (gunicorn's master when
    it preloads, each worker otherwise)."""
    name = settings.CAMPUS_SERVICE
    config = PlatformConfig.from_environ(os.environ, [s.name for s in SERVICES])
    # Spans go to an OTLP collector too when OTEL_EXPORTER_OTLP_ENDPOINT is set; the last ones
    # stay in memory, bounded. /metrics adds up every worker's counts when `campus up` gave
    # prometheus-client its folder (the library reads it).
    metrics = ServiceMetrics(name, multiprocess=bool(given(os.environ, "PROMETHEUS_MULTIPROC_DIR")))
    trace = Trace(maxlen=1000, otlp=otlp_configured(os.environ))
    telemetry = {"trace": trace, "metrics": metrics, "budget_s": config.deadline}
    _stream_lag_watch(metrics, name)
    telemetry["work"] = injected_work(config, name)  # None unless an experiment sets it
    if name == MONOLITH:
        return monolith_app(
            bus=None, events_for=outbox_for, verifier=monolith_verifier(), **telemetry
        )
    spec = service_get(name)
    # The breakers' state in Redis, when there is one: every worker of this service then sees
    # one breaker per neighbour, not one each.
    redis_url = settings.CAMPUS_REDIS_URL
    breaker_store = request_redis_client(redis_url) if redis_url else None
    identity = settings.CAMPUS_IDENTITY_URL
    client = clients_of(
        name, config=config, trace=trace, metrics=metrics, redis_client=breaker_store,
        identity_url=identity,
    )  # fmt: skip
    # The identity verifies with its own key, as the monolith does (its /metrics).
    verifier = monolith_verifier() if name == IDENTITY else service_verifier(identity)
    return service_app(
        spec,
        bus=None,
        events_for=outbox_for,
        client=client,
        verifier=verifier,
        reads=config.dashboard_reads(fan_out=_FanOut()),
        ready_checks=ready_checks(client, verifier),
        **telemetry,
    )


def _stream_lag_watch(metrics: ServiceMetrics, name: str) -> None:
    """``/metrics`` shows how far behind the groups reading this process's events are, read
    from Redis at each scrape (bounded: a stalled Redis costs a scrape `REQUEST_TIMEOUT_S`)."""
    published = SERVICES if name == MONOLITH else [service_get(name)]
    streams = [stream_name(t) for spec in published for t in spec.publishes]
    redis_url = settings.CAMPUS_REDIS_URL
    if not (redis_url and streams):
        return
    # No retries: the next scrape asks again, and a stalled Redis must not hold this one.
    client = request_redis_client(redis_url)
    alarm_at = value(os.environ, "CAMPUS_STREAM_LAG_ALARM")
    metrics.registry.register(StreamLagCollector(client, streams, alarm_at=alarm_at))


def ready_warm_up() -> None:
    """Start fetching, on this worker's own thread, what its readiness probe waits for (its own
    token, the identity's keys): every gunicorn worker, not only the one a probe reaches, then
    holds them before its first request."""

    def fetch() -> None:
        for check in application().urlconf.ready_checks.values():
            try:
                check()
            except Exception:  # the identity is not up yet: the readiness probe asks again
                return

    threading.Thread(target=fetch, name="campus-ready-warm-up", daemon=True).start()


class _FanOut:
    """This process's pool for the calls the dashboard makes side by side, made on first use:
    gunicorn builds the app before it forks, and threads do not survive a fork."""

    def submit(self, fn, /, *args):
        return _pool(os.getpid()).submit(fn, *args)


@functools.cache
def _pool(pid: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=16, thread_name_prefix=f"campus-fan-out-{pid}")
