"""What a service's events need, without its web app: its database scope, its outbox, the
handlers it declares for what it consumes.

The event workers (`campus.assembly.event_workers`) import only this, not the routes, views and
API docs of `campus.assembly.service_apps`: half of a worker's start-up was spent importing
those, and ``campus up`` starts five workers beside the web processes on the same cores.

    >>> service_scope(service_get("catalog")).aliases    # doctest: +SKIP
    {'catalog': 'catalog'}
"""

import functools
import importlib

from campus.events import EventPublisher
from campus.events.outbox import TransactionalOutbox
from campus.registry import SERVICES, ServiceSpec, service_get

from .databases import MONOLITH_ALIAS, DatabaseScope, database_scope

__all__ = [
    "event_handler",
    "event_handlers",
    "in_scope",
    "monolith_scope",
    "outbox_model",
    "outbox_of",
    "service_scope",
    "task_outbox_model",
]


def monolith_scope() -> DatabaseScope:
    labels = [label for s in SERVICES for label in s.app_labels]
    return DatabaseScope("monolith", dict.fromkeys(labels, MONOLITH_ALIAS))


def service_scope(spec: ServiceSpec) -> DatabaseScope:
    return DatabaseScope(spec.name, dict.fromkeys(spec.app_labels, spec.name))


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


def task_outbox_model(spec: ServiceSpec):
    """The task outbox table of a service that has tasks (its ``api.TASK_OUTBOX``)."""
    return importlib.import_module(f"{spec.module}.api").TASK_OUTBOX


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
