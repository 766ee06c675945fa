"""The token endpoint and the JWKS, django-oauth-toolkit's own views.

Both answer without an access token, by their nature: the token endpoint checks a client's
secret or a learner's password instead; the JWKS holds public keys only. The token endpoint's
refusals keep the RFC 6749 5.2 shape (``{"error": "invalid_client", ...}``) that OAuth2 clients
parse; any other method than the one each serves is a JSON 405 in the one error shape.
"""

from django.http import JsonResponse
from oauth2_provider.views import JwksInfoView, TokenView

from campus.errors import error_body

__all__ = ["JwksApi", "TokenApi"]


class _JsonMethodRefusal:
    def http_method_not_allowed(self, request, *args, **kwargs):
        allowed = ", ".join(m.upper() for m in self._allowed_methods() if m != "options")
        message = f"{request.method[:20]} is not allowed here; use {allowed}."
        response = JsonResponse(error_body("method_not_allowed", message), status=405)
        response["Allow"] = allowed
        return response


class TokenApi(_JsonMethodRefusal, TokenView):
    """``POST /oauth2/token``: client credentials (HTTP Basic) or a demo learner's password."""

    http_method_names = ["post"]


class JwksApi(_JsonMethodRefusal, JwksInfoView):
    """``GET /.well-known/jwks.json``: the public keys, each with the ``kid`` tokens name."""

    http_method_names = ["get", "head"]
