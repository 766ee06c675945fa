"""The WSGI application of one running service (or of the monolith).

It binds the service's database scope and request id around Django's handler, tells the middleware
which URLconf to use, counts requests in flight (a notebook can wait for one), logs one line
per request and applies injected faults, so notebooks can make a service slow or broken without
editing it.
"""

import logging
import re
import threading
import time
import uuid

from django.core.handlers.wsgi import WSGIHandler

from campus.http import current_request_id
from campus.tokens import forwarding
from campus.tokens.drf import VERIFIER_KEY

from .databases import DatabaseScope, database_scope
from .middleware import URLCONF_KEY

__all__ = ["ServiceApp"]

logger = logging.getLogger(__name__)
# The inbound id is forwarded on every outbound call, so only visible ASCII is taken: a folded
# header or a control character would make that call invalid (requests refuses it outright).
_REQUEST_ID = re.compile(r"[\x21-\x7e]{1,200}")


class ServiceApp:
    def __init__(self, *, name: str, urlconf, scope: DatabaseScope, verifier=None):
        self.name, self.urlconf, self.scope = name, urlconf, scope
        self.verifier = verifier  # checks bearer tokens: see campus.tokens.drf
        self.delay_s = 0.0  # an injected fault: every answer is this much late
        self._django = WSGIHandler()
        self._in_flight = 0
        self._idle = threading.Condition()

    def __call__(self, environ, start_response):
        with self._idle:
            self._in_flight += 1
        started = time.perf_counter()
        statuses: list[str] = []

        def start_response_seen(status, headers, exc_info=None):
            statuses.append(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        try:
            if self.delay_s:
                time.sleep(self.delay_s)
            environ[URLCONF_KEY] = self.urlconf
            environ[VERIFIER_KEY] = self.verifier
            request_id = _request_id(environ)
            token = current_request_id.set(request_id)
            try:
                with database_scope(self.scope), forwarding.request_scope():
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
                # One event per request on the log stream (twelve-factor XI); the request id
                # ties together the lines that one learner request causes across services.
                logger.info(
                    "%s %s %s %s %.1f ms rid=%s",
                    self.name,
                    environ.get("REQUEST_METHOD"),
                    environ.get("PATH_INFO"),
                    statuses[-1] if statuses else "-",
                    (time.perf_counter() - started) * 1000,
                    request_id[:8],
                )
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no request is in flight; False if some still are after ``timeout``."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)


def _request_id(environ) -> str:
    """The caller's ``X-Request-ID`` when it is safe to forward, else a fresh one."""
    inbound = environ.get("HTTP_X_REQUEST_ID", "")
    return inbound if _REQUEST_ID.fullmatch(inbound) else uuid.uuid4().hex
