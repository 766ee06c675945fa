"""The token endpoint and the JWKS: django-oauth-toolkit's own views, published in this
service's OpenAPI document by thin DRF views that hand the request over unchanged.

Both answer without an access token, by their nature: the token endpoint checks a client's
secret or a learner's password instead; the JWKS holds public keys only. The token endpoint's
refusals keep the RFC 6749 5.2 shape (``{"error": "invalid_client", ...}``) that every OAuth2
client parses, rather than the one error shape of the other services.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from oauth2_provider.views import JwksInfoView, TokenView
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from campus.serializers import error_responses
from campus.tokens.endpoints import ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE

__all__ = ["JwksApi", "TokenApi"]


class TokenInput(serializers.Serializer):
    grant_type = serializers.ChoiceField(
        choices=["client_credentials", "password", "refresh_token", TOKEN_EXCHANGE]
    )
    audience = serializers.CharField(
        required=False,
        help_text="client_credentials and token exchange: the one service the token is for.",
    )
    subject_token = serializers.CharField(
        required=False, help_text="Token exchange: the learner's token the service received."
    )
    subject_token_type = serializers.CharField(
        required=False, help_text=f"Token exchange: {ACCESS_TOKEN_TYPE}."
    )
    refresh_token = serializers.CharField(required=False, help_text="For refresh_token.")
    client_id = serializers.CharField(
        required=False, help_text="The learners' app, for the password grant."
    )
    username = serializers.CharField(required=False, help_text="For the password grant.")
    password = serializers.CharField(required=False, help_text="For the password grant.")
    scope = serializers.CharField(
        required=False, help_text="Space-separated; default: all allowed."
    )


class TokenOutput(serializers.Serializer):
    access_token = serializers.CharField(help_text="An RS256 JWT (RFC 9068).")
    token_type = serializers.ChoiceField(choices=["Bearer"])
    expires_in = serializers.IntegerField(help_text="Seconds.")
    scope = serializers.CharField()
    refresh_token = serializers.CharField(required=False)
    issued_token_type = serializers.CharField(required=False, help_text="Token exchange only.")


class OAuthError(serializers.Serializer):
    error = serializers.CharField(help_text="RFC 6749 5.2: invalid_client, invalid_grant, ...")
    error_description = serializers.CharField(required=False)


class Jwk(serializers.Serializer):
    kty = serializers.CharField()
    kid = serializers.CharField()
    alg = serializers.CharField()
    use = serializers.CharField()
    n = serializers.CharField()
    e = serializers.CharField()


class JwksOutput(serializers.Serializer):
    keys = Jwk(many=True)


class TokenApi(APIView):
    authentication_classes = permission_classes = ()  # the grant itself is the credential
    parser_classes = ()  # django-oauth-toolkit reads the form itself
    _token = staticmethod(TokenView.as_view())

    @extend_schema(
        operation_id="token_create",
        summary="Issue an access token",
        description=(
            "OAuth2 token endpoint (RFC 6749 3.2). A service sends `grant_type="
            "client_credentials` with its client id and secret in HTTP Basic, and the `audience` "
            "it calls; a demo learner's app sends `grant_type=password` with `client_id`, "
            "`username` and `password`, and later `grant_type=refresh_token` (each refresh token "
            "works once). A service acting for a learner exchanges the learner's token (RFC 8693) "
            "for one good at one `audience`. The token is an RS256 JWT good for five minutes."
        ),
        request={"application/x-www-form-urlencoded": TokenInput},
        responses={
            200: TokenOutput,
            400: OpenApiResponse(OAuthError, description="RFC 6749 5.2"),
            401: OpenApiResponse(OAuthError, description="The client's credentials fail"),
            **error_responses(413),
        },
        auth=[],
    )
    def post(self, request):
        # A NUL byte in a field would reach PostgreSQL, which refuses it in text (a 500): refused
        # here as the malformed request it is, in the OAuth2 error shape (RFC 6749 5.2).
        form = request._request.POST
        if any("\x00" in value for values in form.lists() for value in values[1]):
            return _invalid_request("A field holds a NUL byte.")
        # RFC 6749 3.1 and 3.2: parameters MUST NOT be included more than once. Django's form
        # would hand the last one on, so `scope=read&scope=staff` could mean either.
        repeated = sorted(name for name, values in form.lists() if len(values) > 1)
        if repeated:
            return _invalid_request(f"Given more than once: {', '.join(repeated)[:200]}.")
        return self._token(request._request)


def _invalid_request(description: str) -> Response:
    """The OAuth2 error answer for a malformed token request (RFC 6749 5.2)."""
    return Response({"error": "invalid_request", "error_description": description}, status=400)


class JwksApi(APIView):
    authentication_classes = permission_classes = ()  # public keys, for anyone to verify with
    _jwks = staticmethod(JwksInfoView.as_view())

    @extend_schema(
        operation_id="jwks_get",
        summary="The public signing keys (JWKS)",
        description=(
            "The RSA keys tokens are signed with (RFC 7517), each under the `kid` that a "
            "token's header names. Services cache them for five minutes."
        ),
        responses={200: JwksOutput},
        auth=[],
    )
    def get(self, request):
        return self._jwks(request._request)
