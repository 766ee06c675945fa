"""The one middleware: route the request to its service's URLconf and refuse oversized bodies."""

from django.conf import settings
from django.http import JsonResponse

from campus.errors import error_body

__all__ = ["URLCONF_KEY", "ServiceMiddleware"]

URLCONF_KEY = "campus.urlconf"  # WSGI environ key set by `ServiceApp`


class ServiceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        urlconf = request.META.get(URLCONF_KEY)
        if urlconf is not None:
            # Django resolves with request.urlconf over ROOT_URLCONF: one settings, many services.
            request.urlconf = urlconf
        refusal = _body_refusal(request.META.get("CONTENT_LENGTH"))
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        if not response.streaming and not response.has_header("Content-Length"):
            # Without a length the server must close the connection after each answer; with
            # it, the caller's pooled connection stays open for the next hop.
            response["Content-Length"] = str(len(response.content))
        return response


def _body_refusal(content_length: str | None) -> JsonResponse | None:
    if not content_length:
        return None
    try:
        size = int(content_length)
    except ValueError:
        return JsonResponse(
            error_body("bad_request", "Content-Length is not a number."), status=400
        )
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if size > limit:
        message = f"The body is {size} bytes; the limit is {limit}."
        return JsonResponse(error_body("body_too_large", message), status=413)
    return None
