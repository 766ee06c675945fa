"""The WSGI application of one running service (or of the monolith).

It binds the service's database scope, request id and deadline around Django's handler, tells
the middleware which URLconf to use, counts requests in flight (a notebook can wait for one),
logs one line per request and applies injected faults, so notebooks can make a service slow or
broken without editing it. OpenTelemetry's WSGI middleware opens a server span per request (its
parent from the caller's ``traceparent``), but for ``/metrics``, which Django answers with this
app's `ServiceMetrics` in Prometheus's text format.

The deadline: the caller's ``X-Deadline-Ms``, or this service's own budget (``budget_s``) when
sooner or absent; the token endpoint's budget is a token client's wait (it checks a hashed
secret). The database's statements end by the deadline too (under ``campus up``). A request
whose deadline passes before its view runs is answered 504 ``deadline_exceeded`` unrun. Its
clock starts when the proxy in front handed the request on (``X-Request-Start``, under
``campus up`` and in containers), so time spent in the server's backlog counts; without that
header, when this app is called.
"""

import json
import logging
import re
import threading
import time
import uuid

from django.core.handlers.wsgi import WSGIHandler

from campus.deadlines import (
    DEADLINE_HEADER,
    REQUEST_START_HEADER,
    Deadline,
    InvalidDeadline,
    deadline_from_header,
    deadline_scope,
    queued_since_header,
)
from campus.errors import error_body
from campus.http import TRACE, current_request_id
from campus.log_lines import request_log_budget
from campus.metrics import ServiceMetrics
from campus.tokens import forwarding
from campus.tokens.client import TOKEN_TIMEOUT_S
from campus.tokens.drf import VERIFIER_KEY
from campus.tokens.endpoints import TOKEN_PATH
from campus.tracing import Trace

from .databases import DatabaseScope, database_scope
from .middleware import URLCONF_KEY
from .urlconfs import METRICS_KEY

__all__ = ["DEFAULT_BUDGET_S", "ServiceApp"]

DEFAULT_BUDGET_S = 1.0
_PAST_DEADLINE_S = 0.02
_SHORT_SHARE = 0.5  # a caller's deadline under this share of the budget is "short"
_DEADLINE_ENVIRON = "HTTP_" + DEADLINE_HEADER.upper().replace("-", "_")
_START_ENVIRON = "HTTP_" + REQUEST_START_HEADER.upper().replace("-", "_")

logger = logging.getLogger(__name__)
# The inbound id is forwarded on every outbound call, so only visible ASCII is taken: a folded
# header or a control character would make that call invalid (requests refuses it outright).
_REQUEST_ID = re.compile(r"[\x21-\x7e]{1,200}")


class ServiceApp:
    def __init__(
        self,
        *,
        name: str,
        urlconf,
        scope: DatabaseScope,
        trace: Trace = TRACE,
        metrics: ServiceMetrics | None = None,
        budget_s: float = DEFAULT_BUDGET_S,
        verifier=None,
        work=None,
    ):
        self.name, self.urlconf, self.scope = name, urlconf, scope
        self.metrics = metrics or ServiceMetrics(name)
        self.budget_s = budget_s
        self.verifier = verifier  # checks bearer tokens: see campus.tokens.drf
        self.delay_s = 0.0  # an injected fault: every answer is this much late
        self.work = work  # configured work before each view (`campus.assembly.injected_work`)
        self._django = WSGIHandler()
        self._traced = trace.wsgi_middleware(self._serve, service=name)
        self._in_flight = 0
        self._idle = threading.Condition()

    def __call__(self, environ, start_response):
        # One bad request writes one library warning at most (campus.log_lines): the trace
        # headers are read by OpenTelemetry's middleware, so the budget opens before it.
        with request_log_budget():
            if environ.get("PATH_INFO") == "/metrics":
                # Checked like any request (the Host, a token: campus.assembly.urlconfs), but no
                # span: a scrape every few seconds is not a request anyone traces.
                return self._serve(environ, start_response)
            return self._traced(environ, start_response)

    def _serve(self, environ, start_response):
        with self._idle:
            self._in_flight += 1
        started = time.perf_counter()
        statuses: list[str] = []

        def start_response_seen(status, headers, exc_info=None):
            statuses.append(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        try:
            environ[URLCONF_KEY] = self.urlconf
            environ[VERIFIER_KEY] = self.verifier
            environ[METRICS_KEY] = self.metrics
            request_id = _request_id(environ)
            token = current_request_id.set(request_id)
            try:
                try:
                    deadline = self._deadline(environ)
                except InvalidDeadline as exc:
                    return _refusal(start_response_seen, "400 Bad Request", "invalid_deadline", exc)
                if self.delay_s and environ.get("PATH_INFO") != "/metrics":
                    # A slow service does not know its caller's deadline: the injected delay
                    # runs until just past it, so the caller has timed out before the 504.
                    time.sleep(min(self.delay_s, deadline.remaining() + _PAST_DEADLINE_S))
                if deadline.expired:
                    self.metrics.deadline_exceeded()
                    why = "The caller's deadline passed before this request could be served."
                    return _refusal(
                        start_response_seen, "504 Gateway Timeout", "deadline_exceeded", why
                    )
                with (
                    database_scope(self.scope),
                    deadline_scope(deadline),
                    forwarding.request_scope(),
                ):
                    if self.work is not None:
                        self.work()
                    # Django renders the whole response here; nothing runs after we return.
                    response = self._django(environ, start_response_seen)
                if environ.get("REQUEST_METHOD") == "HEAD":
                    # A HEAD answer has the GET's headers and no body (RFC 9110 §9.3.2). Django
                    # leaves that to the server, and waitress sends whatever it is given: the
                    # body would be read as the next answer on a kept-alive connection.
                    getattr(response, "close", lambda: None)()
                    return []
                return response
            finally:
                current_request_id.reset(token)
                seconds = time.perf_counter() - started
                status = statuses[-1] if statuses else "-"
                self.metrics.inbound(
                    method=environ.get("REQUEST_METHOD", "-"), status=status, seconds=seconds
                )
                # One event per request on the log stream (twelve-factor XI); the request id
                # ties together the lines that one learner request causes across services.
                method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
                logger.info(
                    "%s %s %s %s %.1f ms rid=%s",
                    *(self.name, method, path, status, seconds * 1000, request_id[:8]),
                )
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no request is in flight; False if some still are after ``timeout``."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    def _deadline(self, environ) -> Deadline:
        budget = self.budget_s
        if environ.get("PATH_INFO") == TOKEN_PATH:
            budget = max(budget, TOKEN_TIMEOUT_S)
        start = environ.get(_START_ENVIRON)
        queued = 0.0 if start is None else queued_since_header(start)
        own = Deadline.after(budget - queued)
        sent = environ.get(_DEADLINE_ENVIRON)
        if sent is None:
            return own
        theirs = deadline_from_header(sent)
        if theirs.at - queued >= own.at:
            return own
        # Under half this service's own budget is the caller's choice, not a neighbour's pace:
        # a neighbour's timeout under it does not count against that neighbour's breaker.
        short = theirs.remaining() < self.budget_s * _SHORT_SHARE
        return Deadline(theirs.at - queued, short=short)


def _refusal(start_response, status: str, code: str, message) -> list[bytes]:
    body = json.dumps(error_body(code, str(message))).encode()
    length = str(len(body))
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", length)])
    return [body]


def _request_id(environ) -> str:
    """The caller's ``X-Request-ID`` when it is safe to forward, else a fresh one."""
    inbound = environ.get("HTTP_X_REQUEST_ID", "")
    return inbound if _REQUEST_ID.fullmatch(inbound) else uuid.uuid4().hex
