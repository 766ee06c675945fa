"""The access tokens identity issues: RS256 JWTs (RFC 9068), signed with PyJWT.

django-oauth-toolkit calls `access_token_generate` as its ``ACCESS_TOKEN_GENERATOR`` once a
grant has passed its checks, with oauthlib's request (client, user, scopes, grant type). Claims:

- ``iss``: ``settings.CAMPUS_TOKEN_ISSUER``; ``sub``: the learner's username, or for a service
  its client id; ``client_id``: the client that asked;
- ``aud``: the services it is good for: a service's token names the one neighbour it asked for
  (`campus.identity.exchange`); a learner's names every service a learner reaches
  (`resource_services`); a learner's token exchanged by a service names one neighbour of it,
  with ``act`` naming that service and an ``exp`` no later than the learner's token;
- ``scope``: space-separated (`campus.tokens.scopes`); ``iat``, ``nbf``, ``exp``: seconds, the
  lifetime ``OAUTH2_PROVIDER["ACCESS_TOKEN_EXPIRE_SECONDS"]`` (minutes, not hours); ``jti``: a
  fresh id. The header names the key (``kid``, as the JWKS lists it) and ``typ: at+jwt``.
"""

import functools
import time
import uuid

import jwt
from django.conf import settings
from oauth2_provider.settings import oauth2_settings

from campus.registry import resource_services
from campus.tokens.endpoints import TOKEN_EXCHANGE
from campus.tokens.keys import key_id, private_key_load
from campus.tokens.verify import ALGORITHM, TOKEN_TYPE

__all__ = ["access_token_generate", "claims_sign"]


def access_token_generate(request, refresh_token=False) -> str:
    client_id = request.client.client_id
    now = int(time.time())
    expires, extra = now + oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS, {}
    if request.grant_type == "client_credentials":
        subject, audience = client_id, request.token_audience  # one neighbour (exchange.py)
    elif request.grant_type == TOKEN_EXCHANGE:
        subject, audience = request.user.get_username(), request.exchanged["aud"]
        expires, extra = min(expires, request.exchanged["exp"]), {"act": request.exchanged["act"]}
        request.exchanged["expires_in"] = max(expires - now, 0)
    else:
        subject, audience = request.user.get_username(), list(resource_services())
    claims = {
        "iss": settings.CAMPUS_TOKEN_ISSUER,
        "sub": subject,
        "aud": audience,
        "client_id": client_id,
        "scope": " ".join(request.scopes),
        "iat": now,
        "nbf": now,
        "exp": expires,
        "jti": uuid.uuid4().hex,
        **extra,
    }
    return claims_sign(claims)


def claims_sign(claims: dict, *, private_pem: str | None = None) -> str:
    """``claims`` as a signed JWT, with this process's signing key unless another is given."""
    key, kid = _signing_key(private_pem or oauth2_settings.OIDC_RSA_PRIVATE_KEY)
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid, "typ": TOKEN_TYPE})


@functools.lru_cache(maxsize=4)
def _signing_key(pem: str):
    """The loaded key and its key id: parsing and checking the PEM took ~60 ms of every token
    issued, twice over (once for the id, once to sign)."""
    return private_key_load(pem), key_id(pem)
