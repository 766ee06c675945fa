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
from campus.registry import IDENTITY, SERVICES, service_get
from campus.runtime.assembly import monolith_app, outbox_model, service_app
from campus.runtime.config import PlatformConfig
from campus.runtime.tokens import (
    client_auth,
    client_credentials,
    monolith_verifier,
    service_verifier,
)
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
        return monolith_app(bus=None, events_for=outbox_for, verifier=monolith_verifier())
    spec = service_get(name)
    config = PlatformConfig.from_environ(os.environ, [s.name for s in SERVICES])
    clients: dict[str, ServiceClient] = {}
    identity = settings.CAMPUS_IDENTITY_URL
    own_token = None
    if spec.calls:  # one token of its own for every neighbour it calls, fetched on first use
        secret = settings.CAMPUS_CLIENT_SECRETS[name]
        own_token = client_credentials(name, identity_url=identity, client_secret=secret)

    def client(callee: str) -> ServiceClient:
        # One pooled client per neighbour, made on first use (after gunicorn forks a worker).
        if callee not in clients:
            clients[callee] = ServiceClient(
                caller=name,
                callee=callee,
                base_url=config.urls[callee],
                timeout=config.http_timeout,
                retries=config.http_retries,
                auth=client_auth(own_token, callee),
            )
        return clients[callee]

    verifier = None if name == IDENTITY else service_verifier(identity)
    return service_app(spec, bus=None, events_for=outbox_for, client=client, verifier=verifier)
