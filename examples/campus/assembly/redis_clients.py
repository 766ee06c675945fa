"""Every Redis client of a campus process, each call bounded by a socket timeout.

redis-py waits for ever by default: a Redis that is stopped (``SIGSTOP``, a failover) keeps its
kernel accepting and acknowledging, so a call without ``socket_timeout`` never returns. Two
kinds of client:

- a worker's (a relay, a consumer, the Celery worker): its calls end after `WORKER_TIMEOUT_S`,
  longer than a consumer's ``XREADGROUP BLOCK``, and redis-py retries them three times, but
  at most `WORKER_RETRY_PAUSE_S` apart: its default pauses reach 10 s, and a worker whose
  Redis is gone would notice its stop (SIGTERM) only after them, an orphan meanwhile;
- one used while a request is served (the breakers' shared state): `REQUEST_TIMEOUT_S`, no
  retry, and for `AWAY_S` after a call failed every call fails at once without asking, since a
  breaker makes several calls per hop and they must fit in the request's deadline; pybreaker
  falls back to its default state when Redis does not answer.

    >>> client = redis_client(url, client_name="campus:relay:enrollments")   # doctest: +SKIP
"""

import time

import redis
from redis.backoff import ExponentialWithJitterBackoff, NoBackoff
from redis.retry import Retry

__all__ = [
    "AWAY_S",
    "BROKER_TRANSPORT_OPTIONS",
    "CONNECT_TIMEOUT_S",
    "REQUEST_TIMEOUT_S",
    "WORKER_RETRY_PAUSE_S",
    "WORKER_TIMEOUT_S",
    "redis_client",
    "request_redis_client",
]

CONNECT_TIMEOUT_S = 2.0
WORKER_TIMEOUT_S = 5.0
WORKER_RETRY_PAUSE_S = 0.5  # the longest pause between two tries of a worker's call
AWAY_S = 1.0
REQUEST_TIMEOUT_S = 0.25  # Redis answers in about 1 ms; a busy machine may take a hundred
# The same bounds for kombu's Redis transport (Celery's broker): the task worker and the relay
# that sends its tasks.
BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": WORKER_TIMEOUT_S,
    "socket_connect_timeout": CONNECT_TIMEOUT_S,
    "socket_keepalive": True,
}


def redis_client(url: str, *, client_name: str | None = None) -> redis.Redis:
    """A worker's client of the Redis at ``url``: every call ends within `WORKER_TIMEOUT_S`
    (a connect within `CONNECT_TIMEOUT_S`), then retried three times."""
    return redis.Redis.from_url(
        url,
        client_name=client_name,
        socket_connect_timeout=CONNECT_TIMEOUT_S,
        socket_timeout=WORKER_TIMEOUT_S,
        socket_keepalive=True,
        retry=Retry(ExponentialWithJitterBackoff(cap=WORKER_RETRY_PAUSE_S, base=0.1), 3),
    )


def request_redis_client(url: str) -> "_AwayWindow":
    """A client for calls made while a request is served: `REQUEST_TIMEOUT_S`, no retry, and
    none asked for `AWAY_S` after one failed."""
    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=REQUEST_TIMEOUT_S,
        socket_timeout=REQUEST_TIMEOUT_S,
        retry=Retry(NoBackoff(), 0),
    )
    return _AwayWindow(client)


class _AwayWindow:
    """A redis-py client whose calls, for `AWAY_S` after one failed, raise ``ConnectionError``
    at once: a stalled Redis costs a process one timeout a second, not one per call."""

    def __init__(self, client: redis.Redis):
        self._client, self._away_until = client, 0.0

    def __getattr__(self, name: str):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if time.monotonic() < self._away_until:
                raise redis.ConnectionError("Redis failed a moment ago: not asked again yet")
            try:
                return attribute(*args, **kwargs)
            except redis.RedisError:
                self._away_until = time.monotonic() + AWAY_S
                raise

        return call
