"""Build the WSGI app of this process: one service with HTTP adapters, or the monolith.

The same assembly the in-process runtime uses (`campus.runtime.assembly`); what differs is where
neighbours are (their URLs from the environment) and how events travel: a service that publishes
writes each event to its outbox table, in the transaction of the change it announces; a relay
process (``campus relay``) moves the rows to Redis Streams and a consumer process
(``campus consume``) applies them. No web process subscribes to anything.
"""

import functools
import os

from django.conf import settings

from campus.events.outbox import TransactionalOutbox
from campus.events.validation import validator_load
from campus.http import ServiceClient
from campus.registry import SERVICES, service_get
from campus.runtime.assembly import monolith_app, outbox_model, service_app
from campus.runtime.config import PlatformConfig
from campus.runtime.wsgi import ServiceApp

from .environment import MONOLITH

__all__ = ["application", "outbox_for"]


def outbox_for(name: str) -> TransactionalOutbox | None:
    """The publisher of service ``name``: its outbox, or None when it publishes nothing."""
    spec = service_get(name)
    if not spec.publishes:
        return None
    validator_load()  # now, not on the first event: the outbox checks each event's contract
    return TransactionalOutbox(outbox_model(spec))


@functools.cache
def application() -> ServiceApp:
    """The app for ``settings.CAMPUS_SERVICE``, built once per process (gunicorn's master when
    it preloads, each worker otherwise)."""
    name = settings.CAMPUS_SERVICE
    if name == MONOLITH:
        return monolith_app(bus=None, events_for=outbox_for)
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

    return service_app(spec, bus=None, events_for=outbox_for, client=client)
