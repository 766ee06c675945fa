"""One error shape for every service: ``{"error": {"code", "message", "fields"?}}``.

Domain code raises `DomainError` subclasses; `exception_handler` (DRF) and the ``handler*`` views
(Django) turn every failure into JSON, so a client never has to parse an HTML error page.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from rest_framework import exceptions, status
from rest_framework.response import Response

from .error_shape import error_body
from .http import BadAnswer, ServiceUnavailable

__all__ = [
    "Conflict",
    "DomainError",
    "NotFound",
    "Unprocessable",
    "error_body",
    "exception_handler",
    "handler400",
    "handler403",
    "handler404",
    "handler500",
]


class DomainError(Exception):
    """A refusal the caller can act on; carries its HTTP status and a stable code."""

    status = status.HTTP_400_BAD_REQUEST
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status = status.HTTP_404_NOT_FOUND
    code = "not_found"


class Conflict(DomainError):
    status = status.HTTP_409_CONFLICT
    code = "conflict"


class Unprocessable(DomainError):
    status = status.HTTP_422_UNPROCESSABLE_ENTITY
    code = "unprocessable"


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: domain errors and DRF's own, in the one shape."""
    if isinstance(exc, DomainError):
        fields = {exc.field: [exc.message]} if exc.field else None
        return Response(error_body(exc.code, exc.message, fields), status=exc.status)
    if isinstance(exc, BadAnswer):
        # The neighbour answered, but not usefully (RFC 9110 15.6.3: an invalid response).
        body = error_body("bad_gateway", str(exc))
        return Response(body, status=status.HTTP_502_BAD_GATEWAY)
    if isinstance(exc, ServiceUnavailable):
        body = error_body("dependency_unavailable", str(exc))
        return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    # DRF answers Django's own Http404 and PermissionDenied too, but only its exceptions carry a
    # code; translate first, as DRF does inside its handler.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    # Imported here: DRF's views module loads the view defaults of the settings (the token
    # authentication, the schema generator and what they import), which a worker that only
    # raises these errors never uses; a web process has it loaded by its first view.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # Django's handler500 answers, still in JSON.
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"body": exc.detail}
        # Query parameters are validated with serializers too, so "body" would misname them.
        response.data = error_body("invalid", "The request is invalid.", detail)
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        message = f"{exc.detail} {_what_to_send(context)}"
        response.data = error_body(getattr(exc.detail, "code", exc.default_code), message)
    else:
        # An exception raised with a code of its own (campus.tokens: token_expired...) keeps it.
        response.data = error_body(getattr(exc.detail, "code", exc.default_code), str(exc.detail))
    return response


def _what_to_send(context) -> str:
    """What a 415 asks for instead: the media types the view's parsers read (every campus view
    reads JSON only, `campus.parsers`)."""
    request = context.get("request")
    types = [parser.media_type for parser in getattr(request, "parsers", None) or ()]
    if not types or types == ["application/json"]:
        return "Send the body as JSON, with the header Content-Type: application/json."
    return f"Send the body as one of {', '.join(types)}, naming it in the Content-Type header."


def handler400(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE as a SuspiciousOperation (400);
        # it is a 413, as the in-process server answers before Django runs (RFC 9110 15.5.14).
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = request.META.get("CONTENT_LENGTH") or "more than that"
        message = f"The body is {length} bytes; the limit is {limit}."
        return JsonResponse(error_body("body_too_large", message), status=413)
    return JsonResponse(error_body("bad_request", "The request is malformed."), status=400)


def handler403(request, exception=None):
    return JsonResponse(error_body("forbidden", "Not allowed."), status=403)


def handler404(request, exception=None):
    intended = _without_trailing_slash(request)
    if intended is None:
        message = f"No endpoint or resource at {request.path!r}."
    elif request.method in ("GET", "HEAD"):
        # A safe request is simply sent on: `/courses/` to `/courses`, with its query string.
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{intended}?{query}" if query else intended)
    else:
        # A write is never redirected: clients resend it as a GET, or not at all.
        message = f"No endpoint at {request.path!r}; the path is {intended!r}, without the slash."
    return JsonResponse(error_body("not_found", message), status=404)


def _without_trailing_slash(request) -> str | None:
    """``request.path`` without its trailing slashes when that path has a route, else None."""
    path_info = request.path_info.rstrip("/")
    if path_info == request.path_info or not path_info or path_info.startswith("//"):
        return None  # no trailing slash, only slashes, or a URL another host would be read from
    try:
        resolve(path_info, urlconf=getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return request.path[: len(request.path) - (len(request.path_info) - len(path_info))]


def handler500(request):
    return JsonResponse(error_body("server_error", "The service failed."), status=500)
