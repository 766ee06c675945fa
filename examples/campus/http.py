"""The one outbound HTTP client every service uses to reach a neighbour.

A pooled ``requests.Session`` per caller/callee pair, a deadline on every attempt of every call
(a timeout, as the usage notes of Open edX's edx-rest-api-client insist, that covers connect,
headers and body together: see `campus.deadlines`), one retry of idempotent reads, and a trace of
every hop:

    >>> client = ServiceClient(caller="dashboard", callee="catalog", base_url="http://127.0.0.1:8001")
    >>> reply = client.get("/courses")          # doctest: +SKIP
    >>> client.trace.hops()[-1].callee          # doctest: +SKIP
    'catalog'
"""

import contextvars
import math
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass

import requests

from .deadlines import Deadline, DeadlineAdapter, deadline_scope

__all__ = [
    "REQUEST_ID_HEADER",
    "TRACE",
    "Hop",
    "Reply",
    "ServiceClient",
    "ServiceUnavailable",
    "Trace",
    "current_request_id",
]

REQUEST_ID_HEADER = "X-Request-ID"
# The id of the inbound request being served; forwarded on every outbound call so one learner
# request can be followed across services.
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "campus_request_id", default=None
)


@dataclass(frozen=True)
class Hop:
    """One attempt of one inter-service call."""

    caller: str
    callee: str
    method: str
    path: str
    status: int | None  # None when no answer came back (timeout, refused)
    ms: float
    outcome: str  # "ok", "http_error", "timeout", "unreachable"
    attempt: int
    request_id: str | None


class Trace:
    """A bounded, thread-safe record of hops that notebooks and diagrams read back."""

    def __init__(self, maxlen: int = 10_000):
        self._hops: deque[Hop] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    def record(self, hop: Hop) -> None:
        with self._lock:
            self._hops.append(hop)

    def hops(self, *, request_id: str | None = None) -> list[Hop]:
        with self._lock:
            hops = list(self._hops)
        return [h for h in hops if request_id is None or h.request_id == request_id]

    def edges(self) -> set[tuple[str, str]]:
        """The distinct (caller, callee) pairs seen so far."""
        return {(h.caller, h.callee) for h in self.hops()}

    def clear(self) -> None:
        with self._lock:
            self._hops.clear()


TRACE = Trace()


@dataclass(frozen=True)
class Reply:
    status: int
    body: object


class ServiceUnavailable(Exception):
    """The neighbour did not answer usefully: refused, timed out, or failed with a 5xx."""

    def __init__(self, callee: str, reason: str):
        super().__init__(f"{callee} is unavailable: {reason}")
        self.callee = callee
        self.reason = reason


class ServiceClient:
    """Calls one neighbour. Returns a `Reply` for 2xx-4xx; raises `ServiceUnavailable` otherwise.

    ``timeout`` is the deadline of each attempt in seconds (an int or a float, finite and
    positive): connect, headers and the whole body end by then, or the attempt is a timeout. A
    read is tried ``1 + retries`` times, so it is over within ``(1 + retries) * timeout``. Any
    other form, such as requests' ``(connect, read)`` tuple, is refused with ``TypeError``.
    """

    def __init__(
        self,
        *,
        caller: str,
        callee: str,
        base_url: str,
        timeout: float = 2.0,
        retries: int = 1,
        trace: Trace = TRACE,
        auth: requests.auth.AuthBase | None = None,
    ):
        _timeout_check(timeout)
        self.caller, self.callee = caller, callee
        self.base_url = base_url.rstrip("/")
        self.timeout, self.retries, self.trace = timeout, retries, trace
        self.session = requests.Session()
        # The neighbour's URL comes from configuration only: no proxy or .netrc from the
        # environment (a proxy set for the outside world would swallow every call to 127.0.0.1).
        self.session.trust_env = False
        # What every call sends to prove who is calling (see campus.tokens.client), or None.
        self.session.auth = auth
        self.session.mount("http://", DeadlineAdapter(pool_connections=1, pool_maxsize=8))

    def get(self, path: str, *, params: dict | None = None) -> Reply:
        # Reads are idempotent, so a lost answer may be asked for again.
        return self._call("GET", path, params=params, attempts=1 + self.retries)

    def post(self, path: str, *, json: object = None) -> Reply:
        # A write is never retried here: a retry after a timeout could apply it twice.
        return self._call("POST", path, json=json, attempts=1)

    def close(self) -> None:
        self.session.close()

    def _call(self, method: str, path: str, *, attempts: int, **kwargs) -> Reply:
        request_id = current_request_id.get() or uuid.uuid4().hex
        headers = {REQUEST_ID_HEADER: request_id, "Accept": "application/json"}
        url = self.base_url + path
        for attempt in range(1, attempts + 1):
            started = time.perf_counter()
            deadline = Deadline.after(self.timeout)
            try:
                with deadline_scope(deadline):
                    response = self.session.request(
                        method, url, headers=headers, timeout=self.timeout, **kwargs
                    )
            except requests.Timeout:
                outcome, status, error = "timeout", None, f"no answer within {self.timeout}s"
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                if deadline.expired:  # requests reports a timeout while reading a body so
                    outcome, status, error = "timeout", None, f"no answer within {self.timeout}s"
                else:  # refused, reset, or dropped halfway through the body: no usable answer
                    outcome, status, error = "unreachable", None, type(exc).__name__
            else:
                status = response.status_code
                outcome = "http_error" if status >= 500 else "ok"
                error = f"HTTP {status}"
            ms = (time.perf_counter() - started) * 1000
            self.trace.record(
                Hop(
                    self.caller, self.callee, method, path, status, ms, outcome, attempt, request_id
                )
            )
            if outcome == "ok":
                try:
                    return Reply(status, response.json() if response.content else None)
                except ValueError:
                    error = f"HTTP {status} with a body that is not JSON"
                    break
        raise ServiceUnavailable(self.callee, error)


def _timeout_check(timeout) -> None:
    forms = "a number of seconds (int or float), the deadline of each attempt"
    if timeout is None:
        raise ValueError(f"timeout=None: every call needs a finite, positive timeout: {forms}")
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(
            f"timeout={timeout!r}: give {forms}, covering connect, headers and body together; "
            "a (connect, read) tuple or a string is not taken"
        )
    if not 0 < timeout < math.inf:  # 0, negative, nan or inf: no real timeout
        raise ValueError(f"timeout={timeout!r}: every call needs a finite, positive timeout")
