"""Assemble the WSGI app of each service, or of the monolith, from the registry.

Each app gets its routes (with ports plugged in by `wiring`), its own /health and /openapi.json,
its database scope, and the event subscriptions its service declares. ``events_for(name)`` gives
the publisher of a service that publishes (its outbox), None for the others.
"""

import functools
import importlib

from campus.events import EventBus, EventPublisher
from campus.events.outbox import TransactionalOutbox
from campus.registry import SERVICES, ServiceSpec, service_get

from .databases import MONOLITH_ALIAS, DatabaseScope, database_scope
from .explore import about_monolith, about_service
from .urlconfs import ServiceURLConf
from .wiring import monolith_ports, service_ports
from .wsgi_app import ServiceApp

__all__ = [
    "event_handler",
    "event_handlers",
    "in_scope",
    "monolith_app",
    "monolith_scope",
    "outbox_model",
    "outbox_of",
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
    **telemetry,
) -> ServiceApp:
    """One service over its own database; ``client(callee)`` gives it an HTTP client and
    ``verifier`` checks the tokens it is sent (None for the identity provider, which takes none).
    ``reads``: how the dashboard reads (`campus.assembly.wiring.service_ports`' options).

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


def event_handlers(spec: ServiceSpec, *, events: EventPublisher | None = None) -> dict:
    """The handlers a service declares for the events it consumes (its ``api.EVENT_HANDLERS``),
    by event type. A service that also publishes gets ``events``, its outbox, in each call, so a
    handler announces what it did in its own transaction (credentials' certificates)."""
    declared = getattr(importlib.import_module(f"{spec.module}.api"), "EVENT_HANDLERS", {})
    if not spec.publishes:
        return dict(declared)
    if events is None:
        raise ValueError(f"{spec.name} publishes events: its handlers need its outbox")
    return {t: functools.partial(handler, events=events) for t, handler in declared.items()}


def outbox_model(spec: ServiceSpec):
    """The outbox table of a service that publishes (its ``api.OUTBOX``)."""
    return importlib.import_module(f"{spec.module}.api").OUTBOX


def outbox_of(spec: ServiceSpec) -> TransactionalOutbox | None:
    """The outbox a service publishes through, without a relay to wake (a relay in a process of
    its own polls it); None for a service that publishes nothing."""
    return TransactionalOutbox(outbox_model(spec)) if spec.publishes else None


def event_handler(name: str, event_type: str):
    """Service ``name``'s handler of ``event_type``, run as that service (its database scope)
    and, for a service that publishes, announcing through its outbox: what a consumer of that
    service applies, to call on one event by hand (a contract test, a notebook)."""
    spec = service_get(name)
    events = outbox_of(spec)
    return in_scope(event_handlers(spec, events=events)[event_type], service_scope(spec))


def in_scope(handler, scope: DatabaseScope):
    # The bus delivers on its own thread; the consumer must still use its own database.
    def handle(event):
        with database_scope(scope):
            return handler(event)

    return handle
