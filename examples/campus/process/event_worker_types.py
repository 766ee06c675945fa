"""The workers ``campus up`` runs beside the web processes, and the wait until they work.

One relay per service that publishes (``campus relay enrollments``: its outbox to Redis
Streams), one consumer per service that consumes (``campus consume credentials``), and one
Celery worker per service that has tasks (``campus worker enrollments``), named in honcho's
logs ``enrollments-relay``, ``credentials-consumer`` and ``enrollments-worker``. Each runs under
`campus.process.settings` with the environment of their service (or of the monolith, whose one
database holds every outbox and every consumer's table), plus ``REDIS_URL``.

    >>> sorted(worker_types())[:3]
    ['catalog-relay', 'credentials-consumer', 'credentials-relay']
"""

import sys

import redis

from campus.events.redis_streams import stream_name, worker_client_name
from campus.registry import SERVICES, service_get

__all__ = ["worker_command", "worker_types", "workers_waiting"]


def worker_types() -> dict[str, tuple[str, str]]:
    """Process name -> (``relay``, ``consume`` or ``worker``, service), in registry order."""
    workers = {}
    for spec in SERVICES:
        if spec.publishes:
            workers[f"{spec.name}-relay"] = ("relay", spec.name)
        if spec.consumes:
            workers[f"{spec.name}-consumer"] = ("consume", spec.name)
        if spec.tasks:
            workers[f"{spec.name}-worker"] = ("worker", spec.name)
    return workers


def worker_command(role: str, service: str) -> list[str]:
    """The worker's command line (``python -m campus.cli relay enrollments``)."""
    return [sys.executable, "-m", "campus.cli", role, service]


def workers_waiting(client: redis.Redis) -> list[str]:
    """The workers not yet at work: a relay or a Celery worker whose named connection is not
    in ``CLIENT LIST``, a consumer whose group is missing on one of its streams. Empty: all
    are running.
    Raises redis-py's ``ConnectionError`` when Redis does not answer."""
    attached = {entry.get("name") for entry in client.client_list()}
    waiting = []
    for name, (role, service) in worker_types().items():
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
