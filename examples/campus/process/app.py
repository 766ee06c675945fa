"""Build the WSGI app of this process: one service with HTTP adapters, or the monolith.

The same assembly the in-process runtime uses (`campus.runtime.assembly`); what differs is where
neighbours are (their URLs from the environment) and how events travel (`campus.process.events`).
"""

import functools
import os

from django.conf import settings

from campus.events import InProcessEventBus
from campus.http import ServiceClient
from campus.registry import SERVICES, service_get
from campus.runtime.assembly import monolith_app, service_app
from campus.runtime.config import PlatformConfig
from campus.runtime.wsgi import ServiceApp

from .environment import MONOLITH
from .events import HttpEventBus, events_route

__all__ = ["application"]


@functools.cache
def application() -> ServiceApp:
    """The app for ``settings.CAMPUS_SERVICE``, built once per process (gunicorn's master when
    it preloads, each worker otherwise)."""
    name = settings.CAMPUS_SERVICE
    if name == MONOLITH:
        bus = InProcessEventBus()
        return monolith_app(bus=bus, events_for=lambda _name: bus)
    spec = service_get(name)
    config = PlatformConfig.from_environ(os.environ, [s.name for s in SERVICES])
    clients: dict[str, ServiceClient] = {}

    def client(callee: str) -> ServiceClient:
        # One pooled client per neighbour, made on first use (after gunicorn forks a worker).
        if callee not in clients:
            clients[callee] = ServiceClient(
                caller=name,
                callee=callee,
                base_url=config.urls[callee],
                timeout=config.http_timeout,
                retries=config.http_retries,
            )
        return clients[callee]

    bus = HttpEventBus(producer=name, client=client)
    inbox = [events_route(bus)] if spec.consumes else []
    return service_app(
        spec, bus=bus, events_for=lambda _name: bus, client=client, extra_routes=inbox
    )
