"""The ports a service of a running in-process platform is wired with, for work done beside
its requests: the enrollment saga's recovery pass, or a test that drives a use case directly.

    >>> ports, scope = service_ports_of(platform, "enrollments")          # doctest: +SKIP
    >>> with database_scope(scope):                                     # doctest: +SKIP
    ...     saga_recover(catalog=ports.catalog, events=ports.events)
"""

from campus.assembly.databases import DatabaseScope
from campus.assembly.service_events import (
    monolith_scope,
    outbox_model,
    service_scope,
    task_outbox_model,
)
from campus.assembly.tasks import LocalTasks, task_app
from campus.assembly.wiring import monolith_ports, service_ports
from campus.events.outbox import OutboxRelay, TransactionalOutbox
from campus.events.task_outbox import task_message
from campus.registry import service_get

__all__ = ["local_task_relay", "service_ports_of"]


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


def local_task_relay(platform, name: str) -> OutboxRelay:
    """A relay of service ``name``'s task outbox that runs each task on its own thread, with
    the service's ports on ``platform`` (the task called directly, once per pass: the relay's
    pause stands in for the task's between retries; no broker, no worker). Not
    ``task_always_eager``, which would run the task inside ``delay()``, in the request,
    before its transaction commits: here it runs after the commit, from the outbox, as under
    ``campus up``; only the queue between them is missing."""
    app = task_app("memory://", grades=lambda: service_ports_of(platform, name)[0].grades)
    return OutboxRelay(task_outbox_model(service_get(name)), LocalTasks(app), decode=task_message)
