"""Whether ``campus up`` is ready: every ``/health/ready`` answers 200 (its databases answer, its
own token and the identity's keys are held), every event worker is at work.

Each asks again every 20 ms (the workers: every 50 ms, several questions to Redis each time)
until all are, or ``timeout`` seconds have passed, and returns what is still not ready (empty:
all are). A port nothing listens on yet (a gunicorn still loading its app) is told by a bare
connection attempt, not an HTTP request: refused, the request cost several times more of
``campus up``'s CPU, every 20 ms, while the processes it waited for needed every core.

    >>> unhealthy({"catalog": "http://127.0.0.1:8001"}, timeout=60)   # doctest: +SKIP
    []
"""

import contextlib
import socket
from urllib.parse import urlsplit

import redis
import requests

from campus.assembly.redis_clients import redis_client
from campus.http import session_make
from campus.waits import wait_until

from .event_worker_types import workers_waiting

__all__ = ["unhealthy", "workers_idle"]


def unhealthy(urls: dict[str, str], *, timeout: float) -> list[str]:
    """The names whose ``/health/ready`` did not answer 200 within ``timeout`` seconds."""
    waiting = dict(urls)

    def healthy() -> bool:
        for name, url in list(waiting.items()):
            with contextlib.suppress(requests.RequestException):
                listening = _listening(url)
                if listening and http.get(url + "/health/ready", timeout=1).status_code == 200:
                    del waiting[name]
        return not waiting

    with session_make() as http, contextlib.suppress(TimeoutError):
        wait_until(healthy, timeout=timeout, interval=0.02, what="every /health/ready")
    return sorted(waiting)


def _listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=1).close()
    except OSError:
        return False
    return True


def workers_idle(redis_url: str, *, timeout: float, scale=None) -> list[str]:
    """The relays and consumers not at work after ``timeout`` seconds (`workers_waiting`; but
    those ``scale`` sets to 0)."""
    client = redis_client(redis_url)
    waiting: list[str] = []

    def at_work() -> bool:
        try:
            waiting[:] = workers_waiting(client, scale)
        except redis.RedisError as error:
            waiting[:] = [f"Redis ({error})"]
        return not waiting

    try:
        with contextlib.suppress(TimeoutError):
            wait_until(at_work, timeout=timeout, interval=0.05, what="every event worker")
    finally:
        client.close()
    return waiting
