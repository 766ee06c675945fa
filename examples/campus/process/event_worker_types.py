"""The workers ``campus up`` runs beside the web processes, and the wait until they work.

One relay per service that publishes (``campus relay enrollments``: its outbox to Redis
Streams), one consumer per service that consumes (``campus consume credentials``), and one
Celery worker per service that has tasks (``campus worker enrollments``), named in honcho's
logs ``enrollments-relay``, ``credentials-consumer`` and ``enrollments-worker``. Each runs under
`campus.process.settings` with the environment of their service (or of the monolith, whose one
database holds every outbox and every consumer's table), plus ``REDIS_URL``.

    >>> sorted(worker_types())[:3]
    ['catalog-relay', 'credentials-consumer', 'credentials-relay']

``campus up --scale enrollments-relay=0`` starts one without it: its work (the outbox's rows,
the stream's entries) waits for one to run, as it does while a worker is restarted.
"""

import sys
from collections.abc import Mapping

import redis

from campus.events.redis_streams import stream_name, worker_client_name
from campus.registry import SERVICES, service_get

__all__ = ["scale_check", "worker_command", "worker_types", "workers_waiting"]


def worker_types(scale: Mapping[str, int] | None = None) -> dict[str, tuple[str, str]]:
    """Process name -> (``relay``, ``consume`` or ``worker``, service), in registry order; but
    those ``scale`` sets to 0 (``{"enrollments-relay": 0}``)."""
    workers = {}
    for spec in SERVICES:
        if spec.publishes:
            workers[f"{spec.name}-relay"] = ("relay", spec.name)
        if spec.consumes:
            workers[f"{spec.name}-consumer"] = ("consume", spec.name)
        if spec.tasks:
            workers[f"{spec.name}-worker"] = ("worker", spec.name)
    return {name: kind for name, kind in workers.items() if (scale or {}).get(name, 1)}


def scale_check(web: list[str], workers: int, scale: Mapping[str, int]) -> None:
    """Raise ``ValueError`` unless every process type of ``web`` runs at least one gunicorn
    worker (``workers``, or its own in ``scale``), and each event worker in ``scale`` runs as
    one process or none: ``campus up`` supervises one of each, and waits for it by name."""
    events = worker_types()
    for name, count in scale.items():
        if name not in events and name not in web:
            raise ValueError(f"{name!r} is not one of {', '.join([*web, *events])}")
        if name in events and count not in (0, 1):
            raise ValueError(f"{name} runs as one process or none, not {count}")
    if min(scale.get(name, workers) for name in web) < 1:
        raise ValueError(f"workers must be at least 1, not {workers} {dict(scale)}")


def worker_command(role: str, service: str) -> list[str]:
    """The worker's command line (``python -m campus.cli relay enrollments``)."""
    return [sys.executable, "-m", "campus.cli", role, service]


def workers_waiting(client: redis.Redis, scale: Mapping[str, int] | None = None) -> list[str]:
    """The workers not yet at work: a relay or a Celery worker whose named connection is not
    in ``CLIENT LIST``, a consumer whose group is missing on one of its streams. Empty: all
    are running. Those ``scale`` sets to 0 are not waited for.
    Raises redis-py's ``ConnectionError`` when Redis does not answer."""
    attached = {entry.get("name") for entry in client.client_list()}
    waiting = []
    for name, (role, service) in worker_types(scale).items():
        if worker_client_name(role, service) not in attached or (
            role == "consume"
            and not all(
                _group_exists(client, stream_name(t), service)
                for t in service_get(service).consumes
            )
        ):
            waiting.append(name)
    return waiting


def _group_exists(client: redis.Redis, stream: str, group: str) -> bool:
    try:
        groups = client.xinfo_groups(stream)
    except redis.ResponseError:  # no such stream yet
        return False
    return any(g["name"] in (group, group.encode()) for g in groups)
