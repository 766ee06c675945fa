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
        refusal = _body_refusal(request.META)
        if refusal is not None:
            # Sent without a Content-Length, so the server closes the connection: the body
            # left unread on it must not be taken for the next request.
            return refusal
        try:
            _ = request.body  # read now, under the server's socket timeout, not in a view
        except OSError:
            message = "The body did not arrive: fewer bytes than Content-Length said."
            return JsonResponse(error_body("request_timeout", message), status=408)
        response = self.get_response(request)
        if not response.streaming and not response.has_header("Content-Length"):
            # Without a length the server must close the connection after each answer; with
            # it, the caller's pooled connection stays open for the next hop.
            response["Content-Length"] = str(len(response.content))
        return response


def _body_refusal(meta) -> JsonResponse | None:
    if "HTTP_TRANSFER_ENCODING" in meta:
        # The WSGI server cannot read a chunked body: the view would see an empty one and
        # answer about missing fields instead of naming the real problem.
        message = "Send the body with a Content-Length; Transfer-Encoding is not supported."
        return JsonResponse(error_body("length_required", message), status=411)
    content_length = meta.get("CONTENT_LENGTH")
    if not content_length:
        return None
    try:
        size = int(content_length)
    except ValueError:
        size = -1
    if size < 0:
        message = "Content-Length is not a non-negative number."
        return JsonResponse(error_body("bad_request", message), status=400)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if size > limit:
        message = f"The body is {size} bytes; the limit is {limit}."
        return JsonResponse(error_body("body_too_large", message), status=413)
    return None
