"""The one outbound HTTP client every service uses to reach a neighbour.

A pooled ``requests.Session`` per caller/callee pair and, on every call:

- a deadline: each attempt ends by ``timeout`` or by the deadline of the request being served
  (`campus.deadlines`), whichever comes first; connect, headers and body together. The time
  left travels in ``X-Deadline-Ms`` so the neighbour stops working once the caller gives up;
- a bulkhead: at most ``max_concurrent`` calls to this neighbour in flight (`campus.resilience`);
- a circuit breaker (``breaker``, pybreaker): a neighbour that keeps failing is not called at all
  until its reset timeout passes;
- retries of idempotent requests only (GET, HEAD, OPTIONS, PUT, DELETE, and a POST that carries
  an ``Idempotency-Key``), after a timeout, a refused connection, or one of `RETRIED_STATUSES`
  (500, 502, 503, 504, 429), with exponential backoff and full jitter (tenacity), waiting at
  least what ``Retry-After`` asks, never past the deadline;
- an answer read only up to `MAX_ANSWER_BYTES`, as I-JSON (`campus.ijson`), with no redirect
  followed: anything else is a `BadAnswer`, which callers treat as a neighbour that is down;
- an OpenTelemetry span per attempt, its context sent as W3C ``traceparent`` (`campus.tracing`).

    >>> client = ServiceClient(caller="dashboard", callee="catalog", base_url="http://127.0.0.1:8001")
    >>> reply = client.get("/courses")          # doctest: +SKIP
    >>> client.trace.hops()[-1].callee          # doctest: +SKIP
    'catalog'

Longer than most modules: every protection above wraps the same call, and their order (deadline,
bulkhead, breaker, retries, span) is the point; one module shows it.
"""

import contextvars
import math
import uuid
from dataclasses import dataclass

import pybreaker
import requests
from opentelemetry import propagate
from opentelemetry.trace import SpanKind, Status, StatusCode

from .deadlines import DEADLINE_HEADER, Deadline, DeadlineAdapter, current_deadline, deadline_scope
from .ijson import NotIJson, ijson_loads
from .resilience import Bulkhead, BulkheadFull, Retryable, retry_after_seconds, retrying
from .tracing import ATTRIBUTES, Hop, Trace

__all__ = [
    "IDEMPOTENCY_KEY_HEADER",
    "MAX_ANSWER_BYTES",
    "REQUEST_ID_HEADER",
    "RETRIED_STATUSES",
    "TRACE",
    "BadAnswer",
    "Hop",
    "Reply",
    "ServiceClient",
    "ServiceUnavailable",
    "Trace",
    "current_request_id",
    "session_make",
]

REQUEST_ID_HEADER = "X-Request-ID"
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
# The id of the inbound request being served; forwarded on every outbound call so one learner
# request can be followed across services (and through the log lines).
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "campus_request_id", default=None
)
TRACE = Trace()
# RFC 9110 section 9.2.2: methods whose repetition has the effect of one request.
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# The statuses a retry may cure, as the README's CAMPUS_HTTP_RETRIES lists them: a neighbour
# failing for now (500), a proxy without it (502), down or overloaded (503, 429), too slow (504).
# Any other 5xx (501 Not Implemented, 505...) will answer the same again: not retried.
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
# The most of an answer's body read: a campus answer is one page (1000 items at most), far less.
MAX_ANSWER_BYTES = 1024 * 1024
_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Reply:
    status: int
    body: object


class ServiceUnavailable(Exception):
    """The neighbour did not answer usefully: refused, timed out, failed with a 5xx, or was not
    called (its circuit is open, its bulkhead full, the deadline passed)."""

    def __init__(self, callee: str, reason: str):
        super().__init__(f"{callee} is unavailable: {reason}")
        self.callee = callee
        self.reason = reason


class BadAnswer(ServiceUnavailable):
    """The neighbour answered, but not with what was asked of it: a body that is not I-JSON, is
    too large, or has the wrong shape (`campus.replies`), or a redirect. A caller handles it as
    a neighbour that is down; a view answers it 502 (`campus.errors`)."""


def session_make() -> requests.Session:
    """A ``requests.Session`` for calls between the parts of campus, all on 127.0.0.1.

    >>> session_make().trust_env
    False
    """
    session = requests.Session()
    # A neighbour's URL comes from configuration only: no proxy or .netrc from the environment
    # (a proxy set for the outside world would swallow every call to 127.0.0.1).
    session.trust_env = False
    return session


class ServiceClient:
    """Calls one neighbour. Returns a `Reply` for 2xx-4xx; raises `ServiceUnavailable` otherwise.

    ``timeout``: seconds each attempt may take at most (an int or a float, finite and positive);
    any other form, such as requests' ``(connect, read)`` tuple, is refused with ``TypeError``.
    ``retries``: extra attempts for an idempotent request. ``backoff=False`` retries at once.
    ``breaker``: a `pybreaker.CircuitBreaker` (`campus.resilience.circuit_breaker`) or None.
    ``max_concurrent``: the bulkhead's size. ``metrics``: a `campus.metrics.ServiceMetrics`
    that counts every attempt by outcome, or None. ``trace``: where the spans go.
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
        backoff: bool = True,
        breaker: pybreaker.CircuitBreaker | None = None,
        max_concurrent: int = 8,
        metrics=None,
    ):
        _timeout_check(timeout)
        self.caller, self.callee = caller, callee
        self.base_url = base_url.rstrip("/")
        self.timeout, self.retries, self.trace = timeout, retries, trace
        self.backoff, self.breaker, self.metrics = backoff, breaker, metrics
        self.bulkhead = Bulkhead(max_concurrent)
        self._tracer = trace.tracer(caller)
        self.session = session_make()
        # What every call sends to prove who is calling (see campus.tokens.client), or None.
        self.session.auth = auth
        adapter = DeadlineAdapter(pool_connections=1, pool_maxsize=max_concurrent)
        self.session.mount("http://", adapter)

    def get(self, path: str, *, params: dict | None = None) -> Reply:
        return self.request("GET", path, params=params)

    def post(self, path: str, *, json: object = None, idempotency_key: str | None = None) -> Reply:
        """A POST is retried only with an ``idempotency_key``, which obliges the callee to apply
        it once however often it arrives (draft-ietf-httpapi-idempotency-key-header); without
        one, a retry after a timeout could apply it twice. No campus service sends one with a key,
        so no campus service stores the keys: enrollments' grade POST is retried by its Celery
        task instead, and credentials keeps one grade per learner and run."""
        return self.request("POST", path, json=json, idempotency_key=idempotency_key)

    def request(self, method: str, path: str, *, idempotency_key: str | None = None, **kwargs):
        method = method.upper()
        headers = {REQUEST_ID_HEADER: current_request_id.get() or uuid.uuid4().hex}
        headers["Accept"] = "application/json"
        if idempotency_key is not None:
            headers[IDEMPOTENCY_KEY_HEADER] = idempotency_key
        retried = method in _IDEMPOTENT or idempotency_key is not None
        deadline = current_deadline()
        policy = retrying(
            attempts=1 + (self.retries if retried else 0), deadline=deadline, backoff=self.backoff
        )
        try:
            for attempt in policy:
                with attempt:
                    resend = attempt.retry_state.attempt_number - 1
                    return self._attempt(method, path, headers, resend, deadline, kwargs)
        except Retryable as failure:
            if failure.reply is not None:  # a 429 once the retries are spent: an answer
                return failure.reply
            raise ServiceUnavailable(self.callee, failure.error) from None
        raise AssertionError("tenacity ended without a result or an error")  # pragma: no cover

    def close(self) -> None:
        self.session.close()

    def _attempt(self, method, path, headers, resend, deadline, kwargs) -> Reply:
        if deadline is not None and deadline.expired:
            self._count("deadline")
            raise ServiceUnavailable(self.callee, "the deadline passed before the call")
        try:
            with self.bulkhead:
                if self.breaker is None:
                    return self._send(method, path, headers, resend, deadline, kwargs)
                return self.breaker.call(
                    self._send, method, path, headers, resend, deadline, kwargs
                )
        except BulkheadFull as full:
            self._count("bulkhead_full")
            raise ServiceUnavailable(self.callee, f"bulkhead full: {full}") from None
        except pybreaker.CircuitBreakerError:
            self._count("circuit_open")
            raise ServiceUnavailable(self.callee, "circuit open") from None

    def _send(self, method, path, headers, resend, deadline, kwargs) -> Reply:
        own = Deadline.after(self.timeout)
        attempt_deadline = own if deadline is None or own.at < deadline.at else deadline
        a = ATTRIBUTES
        attributes = {a["method"]: method, a["path"]: path, a["callee"]: self.callee}
        attributes |= {a["resend"]: resend, a["request_id"]: headers[REQUEST_ID_HEADER]}
        with self._tracer.start_as_current_span(
            f"{method} {self.callee}", kind=SpanKind.CLIENT, attributes=attributes
        ) as span:
            sent = {**headers, DEADLINE_HEADER: attempt_deadline.header_value()}
            propagate.inject(sent)  # traceparent: this span is the callee's parent
            outcome, reply, failure = self._exchange(method, path, sent, attempt_deadline, kwargs)
            if attempt_deadline is deadline and deadline.short and _out_of_time(outcome, reply):
                # The caller chose a deadline too short for anyone: not this neighbour's
                # failure, so its breaker does not count it (campus.resilience).
                outcome = "caller_deadline"
                failure = Retryable(outcome, f"{failure.error}, the caller's short deadline")
            span.set_attribute(a["outcome"], outcome)
            if reply is not None:
                span.set_attribute(a["status"], reply.status)
            if failure is not None:
                span.set_status(Status(StatusCode.ERROR, str(failure)))
        self._count(outcome)
        if failure is not None:
            raise failure
        return reply

    def _exchange(self, method, path, headers, deadline: Deadline, kwargs):
        """(outcome, reply or None, error or None) of one attempt; a `Retryable` error may be
        retried, a `ServiceUnavailable` may not."""
        seconds = max(deadline.remaining(), 1e-3)
        try:
            with deadline_scope(deadline):
                # Not followed: a neighbour's redirect would send this call, its token too,
                # wherever the answer says. The body is read here, under the deadline.
                response = self.session.request(
                    method, self.base_url + path, headers=headers, timeout=seconds,
                    allow_redirects=False, stream=True, **kwargs,
                )  # fmt: skip
                with response:
                    content = _bounded_body(response)
        except requests.exceptions.ContentDecodingError as garbled:
            # Not retried: the same neighbour would send the same body again.
            error = f"a body its Content-Encoding does not decode: {garbled}"
            return "bad_body", None, BadAnswer(self.callee, error)
        except requests.Timeout:
            return "timeout", None, Retryable("timeout", f"no answer within {seconds:.3g}s")
        except ServiceUnavailable as no_token:
            # From the session's auth: this service's own token did not come in time. A retry
            # may find it fetched; the breaker does not count it (the identity failed, not this
            # neighbour).
            return "no_token", None, Retryable("no_token", str(no_token))
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            if deadline.expired:  # requests reports a timeout while reading a body so
                return "timeout", None, Retryable("timeout", f"no answer within {seconds:.3g}s")
            # refused, reset, or dropped halfway through the body: no usable answer
            return "unreachable", None, Retryable("unreachable", type(exc).__name__)
        status = response.status_code
        if status >= 500 and status not in RETRIED_STATUSES:
            return "http_error", _bare(status), ServiceUnavailable(self.callee, f"HTTP {status}")
        if status in RETRIED_STATUSES:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if status >= 500:
                return (
                    "http_error",
                    _bare(status),
                    Retryable("http_error", f"HTTP {status}", retry_after=wait),
                )
            # 429: the neighbour is alive and asks for less; an answer once retries are spent.
            throttled = Retryable("throttled", f"HTTP {status}", retry_after=wait)
            throttled.reply = _bare(status)
            return "throttled", _bare(status), throttled
        # Not retried: the same neighbour would send the same body again.
        if content is None:
            error = f"HTTP {status} with a body over {MAX_ANSWER_BYTES} bytes"
            return "bad_body", _bare(status), BadAnswer(self.callee, error)
        if 300 <= status < 400:
            error = f"HTTP {status}: a redirect, which calls between services do not follow"
            return "bad_body", _bare(status), BadAnswer(self.callee, error)
        try:
            body = ijson_loads(content, what="The answer") if content else None
        except NotIJson as not_json:
            error = f"HTTP {status} with a body that is not JSON: {not_json}"
            return "bad_body", _bare(status), BadAnswer(self.callee, error)
        return "ok", Reply(status, body), None

    def _count(self, outcome: str) -> None:
        if self.metrics is not None:
            self.metrics.outbound(callee=self.callee, outcome=outcome)


def _out_of_time(outcome: str, reply: Reply | None) -> bool:
    """No answer in time: this attempt timed out, or the neighbour said its own deadline (the
    one this call sent) passed (504)."""
    return outcome == "timeout" or (reply is not None and reply.status == 504)


def _bounded_body(response: requests.Response) -> bytes | None:
    """The body, read up to `MAX_ANSWER_BYTES`; None past that (what a length announces is
    believed first, so an announced huge body is not read at all)."""
    announced = response.headers.get("Content-Length", "")
    if announced.isdigit() and int(announced) > MAX_ANSWER_BYTES:
        return None
    body = bytearray()
    for chunk in response.iter_content(_CHUNK_BYTES):
        body += chunk
        if len(body) > MAX_ANSWER_BYTES:
            return None
    return bytes(body)


def _bare(status: int) -> Reply:
    return Reply(status, None)


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
