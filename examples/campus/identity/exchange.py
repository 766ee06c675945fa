"""Tokens good at one service only: the audience a service's own token names, and token exchange.

django-oauth-toolkit hands the token endpoint to an oauthlib ``Server``; `CampusServer` is that
server (``OIDC_SERVER_CLASS``) with two additions, through oauthlib's own extension points:

- the client-credentials grant takes an ``audience``: the one neighbour the token is for, which
  must be one the registry says the service calls (else ``invalid_target``, RFC 8707 2);
- the token-exchange grant (RFC 8693): a service trades the token a learner sent it for one
  with the same ``sub`` and ``scope`` whose ``aud`` is one neighbour, ``act`` naming the service
  (RFC 8693 4.1), and no later ``exp``. The learner's token must name both that service and
  the neighbour in its own ``aud``: only a service the learner called can act for them, and an
  exchange narrows a token, never widens it.

    POST /oauth2/token  (HTTP Basic: dashboard and its secret)
    grant_type=urn:ietf:params:oauth:grant-type:token-exchange&audience=enrollments
    &subject_token=<ada's token>&subject_token_type=urn:ietf:params:oauth:token-type:access_token
"""

import functools
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from oauth2_provider.models import AbstractApplication
from oauth2_provider.settings import oauth2_settings
from oauthlib.oauth2.rfc6749 import errors
from oauthlib.oauth2.rfc6749.grant_types.base import GrantTypeBase
from oauthlib.openid import Server

from campus.registry import service_get
from campus.tokens.endpoints import ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE
from campus.tokens.scopes import PEOPLE
from campus.tokens.verify import InvalidToken, LocalKeys, TokenVerifier

__all__ = ["CampusServer", "TokenExchangeGrant", "audience_check"]


def _invalid_target(description: str, request) -> errors.OAuth2Error:
    return errors.CustomOAuth2Error(
        "invalid_target", description=description, request=request, status_code=400
    )


def _audience(request, caller: str) -> str:
    """The one service the token is asked for: a neighbour ``caller`` calls."""
    asked = request._params.get("audience")
    calls = service_get(caller).calls
    if asked not in calls:
        raise _invalid_target(
            f"audience must name one service {caller} calls ({', '.join(calls) or 'none'}).",
            request,
        )
    return asked


def audience_check(request) -> None:
    """A custom validator of the client-credentials grant, run once the client authenticated:
    the token will name ``audience`` only (read by `campus.identity.tokens`)."""
    request.token_audience = [_audience(request, request.client.client_id)]


def _names(aud) -> list:
    return aud if isinstance(aud, list) else [aud]


class TokenExchangeGrant(GrantTypeBase):
    """RFC 8693 token exchange, for the services' confidential clients only."""

    def create_token_response(self, request, token_handler):
        headers = self._get_default_headers()
        try:
            self.validate_token_request(request)
        except errors.OAuth2Error as error:
            headers.update(error.headers)
            return headers, error.json, error.status_code
        token = token_handler.create_token(request, refresh_token=False)
        token["expires_in"] = request.exchanged["expires_in"]
        token["issued_token_type"] = ACCESS_TOKEN_TYPE  # RFC 8693 2.2.1
        self.request_validator.save_token(token, request)
        return headers, json.dumps(token), 200

    def validate_token_request(self, request):
        if not self.request_validator.authenticate_client(request):
            raise errors.InvalidClientError(request=request)
        client = request.client
        if client.client_type != AbstractApplication.CLIENT_CONFIDENTIAL:
            raise errors.UnauthorizedClientError(request=request)
        if request._params.get("subject_token_type") != ACCESS_TOKEN_TYPE:
            raise errors.InvalidRequestError(
                description=f"subject_token_type must be {ACCESS_TOKEN_TYPE}.", request=request
            )
        audience = _audience(request, client.client_id)
        verifier = _verifier(settings.CAMPUS_TOKEN_ISSUER, oauth2_settings.OIDC_RSA_PRIVATE_KEY)
        try:
            # Its audience must be the caller: a token is exchanged by a service it was sent to.
            claims = verifier.verify(
                request._params.get("subject_token") or "", audience=client.client_id
            )
        except InvalidToken as refused:
            raise errors.InvalidGrantError(
                description=f"subject_token: {refused.detail}", request=request
            ) from None
        if audience not in _names(claims["aud"]):
            # An exchange narrows a token, never widens it: the learner's token must already be
            # good at the service asked for.
            raise _invalid_target(f"subject_token is not good at {audience}.", request)
        scopes = claims["scope"].split()
        if not set(scopes) & set(PEOPLE):
            raise errors.InvalidGrantError(
                description="subject_token acts for no person.", request=request
            )
        user = get_user_model().objects.filter(username=claims["sub"]).first()
        if user is None:
            raise errors.InvalidGrantError(
                description="subject_token's sub is unknown.", request=request
            )
        actor = {"sub": client.client_id, **({"act": claims["act"]} if "act" in claims else {})}
        request.user, request.scopes = user, scopes
        # No later expiry than the learner's own token: what is exchanged keeps its promise.
        request.exchanged = {"aud": [audience], "act": actor, "exp": claims["exp"]}


@functools.lru_cache(maxsize=4)
def _verifier(issuer: str, private_pem: str) -> TokenVerifier:
    """The identity's own public key, loaded once: loading and checking a PEM costs tens of
    milliseconds, which every exchange would otherwise pay."""
    return TokenVerifier(issuer=issuer, keys=LocalKeys(private_pem))


class CampusServer(Server):
    """django-oauth-toolkit's OIDC server class, with `audience_check` on the client-credentials
    grant and `TokenExchangeGrant` under its grant type."""

    def __init__(self, request_validator, *args, **kwargs):
        super().__init__(request_validator, *args, **kwargs)
        self.credentials_grant.custom_validators.post_token.append(audience_check)
        self.grant_types[TOKEN_EXCHANGE] = TokenExchangeGrant(request_validator)
