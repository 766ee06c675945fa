"""The one middleware: check the Host header, route the request to its service's URLconf, give
every answer a length, and answer 503 when the database is unavailable.

Framing (Content-Length, Transfer-Encoding, body size, bodies that never come) is the HTTP server's
job and is refused before Django runs: see `campus.embedded.framing`.
"""

import logging

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.http.request import split_domain_port

from campus.errors import error_body

__all__ = ["DATABASE_RETRY_AFTER_S", "URLCONF_KEY", "ServiceMiddleware"]

URLCONF_KEY = "campus.urlconf"  # WSGI environ key set by `ServiceApp`
# A stalled or restarting database is back within seconds, or failed over: worth asking again.
DATABASE_RETRY_AFTER_S = 1
logger = logging.getLogger(__name__)


class ServiceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = _host_refusal(request)
        if response is None:
            urlconf = request.META.get(URLCONF_KEY)
            if urlconf is not None:
                # Django resolves with request.urlconf over ROOT_URLCONF: one settings, many
                # services.
                request.urlconf = urlconf
            response = self.get_response(request)
        if not response.streaming and not response.has_header("Content-Length"):
            # Without a length the server must close the connection after each answer; with
            # it, the caller's pooled connection stays open for the next hop.
            response["Content-Length"] = str(len(response.content))
        return response

    def process_exception(self, request, exception):
        """A 503 with ``Retry-After`` for a database that did not answer in time, refused the
        connection (every slot taken: "too many clients") or cancelled the statement at its
        deadline: Django's ``OperationalError`` and ``InterfaceError`` (a connection already
        closed). Every other failure stays Django's 500."""
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", str(exception).splitlines()[0][:200])
        message = "The service's database is unavailable; try again shortly."
        response = JsonResponse(error_body("database_unavailable", message), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_S)
        return response


def _host_refusal(request) -> JsonResponse | None:
    """A 400 unless the Host header names this machine (settings.ALLOWED_HOSTS).

    Django validates the Host only when something calls ``request.get_host()``; calling it on
    every request is the defence against DNS rebinding its docs describe. RFC 9112 section 3.2:
    an HTTP/1.1 request without a Host header is refused with 400 too.
    """
    if "HTTP_HOST" not in request.META and request.META.get("SERVER_PROTOCOL") == "HTTP/1.1":
        return _bad_host("An HTTP/1.1 request needs a Host header.")
    try:
        host = request.get_host()
    except DisallowedHost:
        # Answered here, not raised: Django would log it with a traceback.
        shown = request.META.get("HTTP_HOST", "")[:100]
        return _bad_host(f"The Host header {shown!r} does not name this service.")
    port = split_domain_port(host)[1]
    if port and (len(port) > 5 or not 0 < int(port) < 65536):
        return _bad_host(f"The Host header {host[:100]!r} has no valid port.")
    return None


def _bad_host(message: str) -> JsonResponse:
    return JsonResponse(error_body("bad_host", message), status=400)
