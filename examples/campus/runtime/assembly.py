"""Assemble the WSGI app of each service, or of the monolith, from the registry.

Each app gets its routes (with ports plugged in by `wiring`), its own /health and /openapi.json,
its database scope, and the event subscriptions its service declares.
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

__all__ = ["monolith_app", "service_app"]


def monolith_app(*, bus: EventBus) -> ServiceApp:
    """Every service's routes in one app over one database, neighbours called in-process."""
    scope = DatabaseScope("monolith", {s.name: MONOLITH_ALIAS for s in SERVICES if s.owns_data})
    routes = []
    for spec in SERVICES:
        routes += _routes(spec, monolith_ports(spec.name, bus=bus))
        _subscribe(bus, spec, scope)
    urlconf = ServiceURLConf(
        title="monolith", routes=routes, aliases=(MONOLITH_ALIAS,), about=about_monolith()
    )
    return ServiceApp(name="monolith", urlconf=urlconf, scope=scope)


def service_app(spec: ServiceSpec, *, bus: EventBus, client, extra_routes=()) -> ServiceApp:
    """One service over its own database; ``client(callee)`` gives it an HTTP client.

    ``extra_routes`` are the composition root's own, such as the ``/events`` inbox a process
    that receives events over HTTP needs (`campus.process.events`).
    """
    aliases = {spec.name: spec.name} if spec.owns_data else {}
    scope = DatabaseScope(spec.name, aliases)
    ports = service_ports(spec.name, bus=bus, client=client)
    urlconf = ServiceURLConf(
        title=spec.name,
        routes=[*_routes(spec, ports), *extra_routes],
        aliases=tuple(aliases.values()),
        about=about_service(spec),
    )
    _subscribe(bus, spec, scope)
    return ServiceApp(name=spec.name, urlconf=urlconf, scope=scope)


def _routes(spec: ServiceSpec, ports) -> list:
    return importlib.import_module(f"{spec.module}.urls").build_urlpatterns(ports)


def _subscribe(bus: EventBus, spec: ServiceSpec, scope: DatabaseScope) -> None:
    handlers = getattr(importlib.import_module(f"{spec.module}.api"), "EVENT_HANDLERS", {})
    for event_type in spec.consumes:
        bus.subscribe(event_type, _in_scope(handlers[event_type], scope), consumer=spec.name)


def _in_scope(handler, scope: DatabaseScope):
    # The bus may deliver on the producer's thread; the consumer must still use its own database.
    def handle(event):
        with database_scope(scope):
            return handler(event)

    return handle
