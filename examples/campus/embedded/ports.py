"""The ports a service of a running in-process platform is wired with, for work done beside
its requests: the enrollment saga's recovery pass, or a test that drives a use case directly.

    >>> ports, scope = service_ports_of(platform, "enrollments")          # doctest: +SKIP
    >>> with database_scope(scope):                                     # doctest: +SKIP
    ...     saga_recover(catalog=ports.catalog, events=ports.events)
"""

from campus.assembly.databases import DatabaseScope
from campus.assembly.service_events import monolith_scope, outbox_model, service_scope
from campus.assembly.wiring import monolith_ports, service_ports
from campus.events.outbox import TransactionalOutbox
from campus.registry import service_get

__all__ = ["service_ports_of"]


def service_ports_of(platform, name: str) -> tuple[object, DatabaseScope]:
    """Service ``name``'s ports on the running ``platform`` (its outbox woken by the platform's
    relay, its neighbours reached as its requests reach them) and the database scope it runs
    in."""
    spec = service_get(name)
    events = None
    if spec.publishes:
        wake = platform.relays[name].wake.set
        events = TransactionalOutbox(outbox_model(spec), on_commit=wake)
    if platform.arch == "monolith":
        return monolith_ports(name, events=events), monolith_scope()
    client = platform._client_for(name)  # the platform's own wiring
    return service_ports(name, events=events, client=client), service_scope(spec)
