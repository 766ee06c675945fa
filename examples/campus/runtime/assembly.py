"""Assemble the WSGI app of each service, or of the monolith, from the registry.

Each app gets its routes (with ports plugged in by `wiring`), its own /health and /openapi.json,
its database scope, and the event subscriptions its service declares. ``events_for(name)`` gives
the publisher of a service that publishes (its outbox), None for the others.
"""

import importlib

from campus.events import EventBus
from campus.registry import SERVICES, ServiceSpec

from .databases import DatabaseScope, database_scope
from .explore import about_monolith, about_service
from .settings import MONOLITH_ALIAS
from .urls import ServiceURLConf
from .wiring import monolith_ports, service_ports
from .wsgi import ServiceApp

__all__ = [
    "event_handlers",
    "in_scope",
    "monolith_app",
    "monolith_scope",
    "outbox_model",
    "service_app",
    "service_scope",
]


def monolith_scope() -> DatabaseScope:
    labels = [label for s in SERVICES for label in s.app_labels]
    return DatabaseScope("monolith", dict.fromkeys(labels, MONOLITH_ALIAS))


def service_scope(spec: ServiceSpec) -> DatabaseScope:
    return DatabaseScope(spec.name, dict.fromkeys(spec.app_labels, spec.name))


def monolith_app(*, bus: EventBus | None, events_for, verifier, **telemetry) -> ServiceApp:
    """Every service's routes in one app over one database, neighbours called in-process.

    ``bus`` None: this process subscribes nothing (its consumers run in processes of their own).
    ``verifier`` (`campus.tokens.verify.TokenVerifier`) checks the tokens of learner requests.
    ``telemetry``: `ServiceApp`'s ``trace``, ``metrics`` and ``budget_s``.
    """
    scope = monolith_scope()
    routes = []
    for spec in SERVICES:
        routes += _routes(spec, monolith_ports(spec.name, events=events_for(spec.name)))
        if bus is not None:
            _subscribe(bus, spec, scope)
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
    title_ttl=0.0,
    fan_out=None,
    **telemetry,
) -> ServiceApp:
    """One service over its own database; ``client(callee)`` gives it an HTTP client and
    ``verifier`` checks the tokens it is sent (None for the identity provider, which takes none).

    ``bus`` None: the service's event handlers are not subscribed here, because its consumer
    runs in a process of its own (``campus consume``).
    """
    scope = service_scope(spec)
    ports = service_ports(
        spec.name, events=events_for(spec.name), client=client, title_ttl=title_ttl, fan_out=fan_out
    )
    urlconf = ServiceURLConf(
        title=spec.name,
        routes=_routes(spec, ports),
        aliases=tuple(dict.fromkeys(scope.aliases.values())),
        about=about_service(spec),
    )
    if bus is not None:
        _subscribe(bus, spec, scope)
    return ServiceApp(name=spec.name, urlconf=urlconf, scope=scope, verifier=verifier, **telemetry)


def _routes(spec: ServiceSpec, ports) -> list:
    return importlib.import_module(f"{spec.module}.urls").build_urlpatterns(ports)


def _subscribe(bus: EventBus, spec: ServiceSpec, scope: DatabaseScope) -> None:
    handlers = event_handlers(spec)
    for event_type in spec.consumes:
        bus.subscribe(event_type, in_scope(handlers[event_type], scope), consumer=spec.name)


def event_handlers(spec: ServiceSpec) -> dict:
    """The handlers a service declares for the events it consumes (its ``api.EVENT_HANDLERS``)."""
    return getattr(importlib.import_module(f"{spec.module}.api"), "EVENT_HANDLERS", {})


def outbox_model(spec: ServiceSpec):
    """The outbox table of a service that publishes (its ``api.OUTBOX``)."""
    return importlib.import_module(f"{spec.module}.api").OUTBOX


def in_scope(handler, scope: DatabaseScope):
    # The bus delivers on its own thread; the consumer must still use its own database.
    def handle(event):
        with database_scope(scope):
            return handler(event)

    return handle
