"""``campus worker SERVICE``: a Celery worker running a service's tasks, a process of its own.

It runs as ``SERVICE``, with its web process's ports (`campus.assembly.worker_ports`: the
neighbours over HTTP with its own token, or in-process as the monolith), and takes its tasks
from the Redis of ``REDIS_URL`` (`campus.assembly.tasks`). One task at a time (Celery's
``solo`` pool: no child processes for ``campus up``'s restarts to lose track of). Once it is
consuming it opens a Redis connection named ``campus-worker-SERVICE``, what ``campus up``
waits for, as for the event workers. SIGTERM is Celery's warm shutdown: the task at hand ends
first. Killed outright, it loses nothing: the message it held was not acknowledged
(``acks_late``), and goes back to the queue after the visibility timeout.

    >>> task_worker_run("enrollments", redis_url="redis://127.0.0.1:6379/0",
    ...                 environ=os.environ)                              # doctest: +SKIP
"""

import logging

from celery import bootsteps
from celery.signals import worker_ready
from django.conf import settings
from django.db import connections

from campus.events.redis_streams import worker_client_name
from campus.registry import service_get

from .config import ConfigurationError
from .databases import database_scope
from .heartbeat import Heartbeat, heartbeat_path
from .redis_clients import redis_client
from .service_events import monolith_scope, service_scope
from .tasks import task_app
from .worker_ports import worker_ports

__all__ = ["task_worker_run"]

logger = logging.getLogger(__name__)


class _HeartbeatStep(bootsteps.StartStopStep):
    """Beats the worker's heartbeat (`campus.assembly.heartbeat`) every second from the worker's
    own timer, which its event loop runs between tasks: a loop stuck stops the beats."""

    requires = {"celery.worker.components:Timer"}
    heartbeat: Heartbeat

    def start(self, worker):
        self._beats = worker.timer.call_repeatedly(1.0, self.heartbeat.beat)

    def stop(self, worker):
        worker.timer.cancel(self._beats)


def task_worker_run(service: str, *, redis_url: str, environ) -> None:
    """Run ``service``'s tasks until SIGTERM or SIGINT."""
    spec = service_get(service)
    if not spec.tasks:
        raise ValueError(f"{service} has no tasks")
    ports = worker_ports(service, environ=environ)
    if ports is None:
        raise ConfigurationError(
            f"campus worker {service} calls its neighbours: set CAMPUS_IDENTITY_URL"
        )
    app = task_app(redis_url, grades=lambda: ports.grades)
    app.steps["worker"].add(_HeartbeatStep)
    _HeartbeatStep.heartbeat = Heartbeat(heartbeat_path("worker", service))
    named = redis_client(redis_url, client_name=worker_client_name("worker", service))

    def at_work(sender=None, **_):
        named.ping()  # the named connection: `campus up` reads CLIENT LIST for it

    worker_ready.connect(at_work, weak=False)
    monolith = getattr(settings, "CAMPUS_SERVICE", None) == "monolith"
    try:
        # solo: tasks run on this thread, inside this scope (the monolith's one database).
        with database_scope(monolith_scope() if monolith else service_scope(spec)):
            worker = app.Worker(
                pool="solo",
                concurrency=1,
                without_mingle=True,  # no other workers to sync with at start
                without_gossip=True,
                without_heartbeat=True,
                quiet=True,  # no banner: honcho prefixes each of its lines
                loglevel=logging.getLevelName(logging.getLogger("campus").getEffectiveLevel()),
            )
            worker.start()
    finally:
        worker_ready.disconnect(at_work)
        named.close()
        connections.close_all()
