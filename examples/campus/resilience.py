"""What keeps a failing neighbour from taking its callers down: a circuit breaker, a bulkhead and
retries with exponential backoff, each from a maintained library where one exists.

- `circuit_breaker`: pybreaker's breaker (Nygard's pattern, *Release It!*): after ``fail_max``
  failed calls in a row it opens, and calls fail at once with `pybreaker.CircuitBreakerError`
  for ``reset_timeout`` seconds; then one trial call decides. Its state lives in memory (one
  process) or in Redis (`pybreaker.CircuitRedisStorage`), shared by every worker of a service.
- `Bulkhead`: at most ``size`` calls to one neighbour in flight; one more is refused at once
  (`BulkheadFull`) instead of queueing behind a neighbour that has stopped answering.
- `retrying`: tenacity's retry loop with full-jitter exponential backoff (AWS Architecture Blog,
  "Exponential Backoff And Jitter"), waiting at least what a ``Retry-After`` header asks
  (RFC 9110 section 10.2.3), and never sleeping past the caller's deadline.

    >>> breaker = circuit_breaker("dashboard->catalog")
    >>> retrying(attempts=2, deadline=Deadline.after(1.0))(call)      # doctest: +SKIP
"""

import email.utils
import math
import random
import threading
import time

import pybreaker
import redis
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt
from tenacity.stop import stop_base
from tenacity.wait import wait_base, wait_exponential, wait_none

from .deadlines import Deadline

__all__ = [
    "BREAKER_STATES",
    "Bulkhead",
    "BulkheadFull",
    "Retryable",
    "circuit_breaker",
    "retry_after_seconds",
    "retrying",
]

# Not the `random` module's shared generator, as tenacity's ``wait_random_exponential`` uses,
# nor one copied into each forked worker: see `campus.tracing`'s span ids for why.
_JITTER = random.SystemRandom()
# The breaker's states as the number /metrics reports (campus_circuit_breaker_state).
BREAKER_STATES = {pybreaker.STATE_CLOSED: 0, pybreaker.STATE_HALF_OPEN: 1, pybreaker.STATE_OPEN: 2}


class _ConcurrentBreaker(pybreaker.CircuitBreaker):
    """pybreaker's breaker without its lock around the guarded call.

    ``CircuitBreaker.call`` holds one lock for the whole call, so every call through one breaker
    waits for the one before it (danielfm/pybreaker issue #3): calls to a neighbour would go one
    at a time. The state changes (``open``, ``half_open``, ``close``) still take the lock; the
    counters are plain increments in memory, atomic INCRs in Redis.
    """

    def call(self, func, *args, **kwargs):
        return self.state.call(func, *args, **kwargs)


def circuit_breaker(
    name: str,
    *,
    fail_max: int = 5,
    reset_timeout: float = 5.0,
    redis_client=None,
    exclude=(),
) -> pybreaker.CircuitBreaker:
    """A breaker named ``name`` (``caller->callee``); in Redis when ``redis_client`` is given,
    under the key namespace ``pybreaker:campus:NAME``, so every worker of a service shares it.

    ``throw_new_error_on_trip`` is off: the call that trips the breaker raises its own error,
    and only the calls refused while open raise `pybreaker.CircuitBreakerError`.
    """
    storage = None
    if redis_client is not None:
        storage = _SharedState(pybreaker.STATE_CLOSED, redis_client, namespace=f"campus:{name}")
    return _ConcurrentBreaker(
        fail_max=fail_max,
        reset_timeout=reset_timeout,
        state_storage=storage,
        name=name,
        exclude=[_not_the_neighbours_fault, *exclude],
        throw_new_error_on_trip=False,
    )


class _SharedState(pybreaker.CircuitRedisStorage):
    """pybreaker's Redis storage, except that a Redis slow to answer as a process builds its
    breakers (a dozen processes starting) does not stop it: the breaker starts closed, pybreaker's
    fallback, and stores its keys when it next finds them missing."""

    def _initialize_redis_state(self, state: str) -> None:
        try:
            super()._initialize_redis_state(state)
        except redis.RedisError as exc:
            self.logger.warning("breaker state not stored in Redis yet: %s", exc)


class BulkheadFull(Exception):
    """``size`` calls to this neighbour are already in flight."""


class Bulkhead:
    """At most ``size`` concurrent calls (a semaphore that refuses rather than waits)."""

    def __init__(self, size: int):
        if size < 1:
            raise ValueError(f"a bulkhead needs room for at least one call, not {size}")
        self.size = size
        self._slots = threading.BoundedSemaphore(size)

    def __enter__(self):
        if not self._slots.acquire(blocking=False):
            raise BulkheadFull(f"{self.size} calls already in flight")
        return self

    def __exit__(self, *exc_info):
        self._slots.release()


class Retryable(Exception):
    """An attempt that failed in a way a retry may fix; ``retry_after`` in seconds or None."""

    def __init__(self, outcome: str, error: str, *, retry_after: float | None = None):
        super().__init__(error)
        self.outcome, self.error, self.retry_after = outcome, error, retry_after
        self.reply = None  # what to answer once the retries are spent, if not an error


def _not_the_neighbours_fault(error: BaseException) -> bool:
    # A 429 says the neighbour is alive and asks for less; "no_token" means the identity did
    # not answer in time; "caller_deadline", that the request's own caller allowed too little
    # time (campus.deadlines). None is a failure of this neighbour for its breaker: else one
    # client sending tiny deadlines would open the breaker for everyone.
    return getattr(error, "outcome", None) in {"throttled", "no_token", "caller_deadline"}


class _wait_backoff_or_retry_after(wait_base):
    def __init__(self, backoff: wait_base):
        self.backoff = backoff

    def __call__(self, retry_state) -> float:
        asked = getattr(retry_state.outcome.exception(), "retry_after", None) or 0.0
        return max(asked, self.backoff(retry_state))


class _stop_at_deadline(stop_base):
    """Stop rather than sleep into (or past) the deadline: that attempt could not finish."""

    def __init__(self, deadline: Deadline | None):
        self.deadline = deadline

    def __call__(self, retry_state) -> bool:
        if self.deadline is None:
            return False
        return retry_state.upcoming_sleep >= self.deadline.remaining()


def retrying(
    *,
    attempts: int,
    deadline: Deadline | None,
    backoff: bool = True,
    base_s: float = 0.05,
    max_s: float = 1.0,
) -> Retrying:
    """tenacity's loop: up to ``attempts`` tries of a call that raises `Retryable`, sleeping a
    random time in [0, min(max_s, base_s * 2**n)] between them (or at least ``Retry-After``),
    never past ``deadline``. ``backoff=False`` retries at once: the behaviour that makes an
    overload worse, kept to measure it against. The last error is re-raised."""
    ceiling = wait_exponential(multiplier=base_s, max=max_s)
    wait = (lambda state: _JITTER.uniform(0, ceiling(state))) if backoff else wait_none()
    return Retrying(
        stop=stop_after_attempt(attempts) | _stop_at_deadline(deadline),
        wait=_wait_backoff_or_retry_after(wait),
        retry=retry_if_exception_type(Retryable),
        reraise=True,
        sleep=time.sleep,
    )


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` value asks to wait: delay-seconds or an HTTP-date
    (RFC 9110 section 10.2.3); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None or when.tzinfo is None:
        return None
    seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, seconds) if math.isfinite(seconds) else None
