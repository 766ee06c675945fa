"""Assemble the WSGI app of each service, or of the monolith, from the registry.

Each app gets its routes (with ports plugged in by `wiring`), its own /health and /openapi.json,
its database scope, and the event subscriptions its service declares. ``events_for(name)`` gives
the publisher of a service that publishes (its outbox), None for the others. What events need
without an app (scopes, outboxes, handlers) is in `campus.assembly.service_events`, re-exported
here.
"""

import importlib

from campus.events import EventBus
from campus.registry import SERVICES, ServiceSpec

from .databases import MONOLITH_ALIAS, DatabaseScope
from .explore import about_monolith, about_service
from .service_events import (
    event_handlers,
    in_scope,
    monolith_scope,
    service_scope,
)
from .urlconfs import ServiceURLConf
from .wiring import monolith_ports, service_ports
from .wsgi_app import ServiceApp

__all__ = ["monolith_app", "service_app"]


def monolith_app(*, bus: EventBus | None, events_for, verifier, **telemetry) -> ServiceApp:
    """Every service's routes in one app over one database, neighbours called in-process.

    ``bus`` None: this process subscribes nothing (its consumers run in processes of their own).
    ``verifier`` (`campus.tokens.verify.TokenVerifier`) checks the tokens of learner requests.
    ``telemetry``: `ServiceApp`'s ``trace``, ``metrics`` and ``budget_s``.
    """
    scope = monolith_scope()
    routes = []
    for spec in SERVICES:
        events = events_for(spec.name)
        routes += _routes(spec, monolith_ports(spec.name, events=events))
        if bus is not None:
            _subscribe(bus, spec, scope, events)
    urlconf = ServiceURLConf(
        title="monolith", routes=routes, aliases=(MONOLITH_ALIAS,), about=about_monolith()
    )
    return ServiceApp(name="monolith", urlconf=urlconf, scope=scope, verifier=verifier, **telemetry)


def service_app(
    spec: ServiceSpec,
    *,
    bus: EventBus | None,
    events_for,
    client,
    verifier,
    reads: dict | None = None,
    ready_checks: dict | None = None,
    **telemetry,
) -> ServiceApp:
    """One service over its own database; ``client(callee)`` gives it an HTTP client and
    ``verifier`` checks the tokens it is sent (None for the identity provider, which takes none).
    ``reads``: how the dashboard reads (`campus.assembly.wiring.service_ports`' options).
    ``ready_checks``: what its readiness probe waits for besides its databases (name: a
    callable that raises while not ready).

    ``bus`` None: the service's event handlers are not subscribed here, because its consumer
    runs in a process of its own (``campus consume``).
    """
    scope = service_scope(spec)
    events = events_for(spec.name)
    ports = service_ports(spec.name, events=events, client=client, **(reads or {}))
    urlconf = ServiceURLConf(
        title=spec.name,
        routes=_routes(spec, ports),
        aliases=tuple(dict.fromkeys(scope.aliases.values())),
        about=about_service(spec),
        ready_checks=ready_checks,
    )
    if bus is not None:
        _subscribe(bus, spec, scope, events)
    return ServiceApp(name=spec.name, urlconf=urlconf, scope=scope, verifier=verifier, **telemetry)


def _routes(spec: ServiceSpec, ports) -> list:
    return importlib.import_module(f"{spec.module}.urls").build_urlpatterns(ports)


def _subscribe(bus: EventBus, spec: ServiceSpec, scope: DatabaseScope, events) -> None:
    handlers = event_handlers(spec, events=events)
    for event_type in spec.consumes:
        bus.subscribe(event_type, in_scope(handlers[event_type], scope), consumer=spec.name)
