"""Check an access token with PyJWT: RS256 only, then signature, issuer, audience, times, claims.

    >>> verifier = TokenVerifier(issuer=issuer, keys=JwksKeys(jwks_url))  # doctest: +SKIP
    >>> verifier.verify(token, audience="enrollments")["sub"]             # doctest: +SKIP
    'ada'

Every refusal is an `InvalidToken` (401) whose ``code`` names the problem and whose
``auth_header`` is the RFC 6750 ``WWW-Authenticate`` challenge. The algorithm is fixed before the
key is looked up, so ``alg: none`` and an HMAC token keyed with the public key (algorithm
confusion, RFC 8725 2.1) are refused without a signature check. When the JWKS cannot be fetched
the caller gets `campus.http.ServiceUnavailable` (a 503), not a refusal of a token that may be good.
"""

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt import PyJWKClient
from jwt.exceptions import PyJWKClientConnectionError, PyJWKClientError
from rest_framework import exceptions, status

from campus.http import ServiceUnavailable, session_make

from .endpoints import LEARNER_APP, TOKEN_PATH
from .keys import key_id, public_key

__all__ = [
    "ALGORITHM",
    "EXPIRED_ADVICE",
    "REQUIRED_CLAIMS",
    "InvalidToken",
    "JwksKeys",
    "LocalKeys",
    "TokenVerifier",
]

ALGORITHM = "RS256"
TOKEN_TYPE = "at+jwt"  # RFC 9068 2.1: an access token, not an ID token replayed as one
REQUIRED_CLAIMS = ("iss", "aud", "sub", "scope", "exp", "iat", "nbf", "jti")
LEEWAY_S = 5  # clock skew tolerated between the identity provider and a service
REALM = 'Bearer realm="campus"'


# What a client can do about an expired token: the identity answers a password grant with a
# refresh token beside the access token, and a refresh with a new pair, the old refresh token
# then refused (django-oauth-toolkit rotates them); a client-credentials grant gets none.
EXPIRED_ADVICE = (
    "A sign-in with the password grant answered a refresh_token beside it: POST that "
    f"refresh_token with grant_type=refresh_token and client_id={LEARNER_APP} to the identity's "
    f"{TOKEN_PATH} for a new access token and the next refresh token (each refresh token works "
    "once: used twice, it ends the sign-in). A client-credentials token comes with none: ask for "
    "a new one."
)


class InvalidToken(exceptions.APIException):
    """401: the bearer token cannot be trusted. ``code`` says why, e.g. ``token_expired``;
    ``advice``, what to do about it, follows the message in the body (not in the challenge)."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_token"

    def __init__(self, message: str, *, code: str, advice: str | None = None):
        super().__init__(f"{message} {advice}" if advice else message, code)
        # RFC 6750 3: the challenge names the error; quotes would end its quoted-string.
        self.auth_header = (
            f'{REALM}, error="invalid_token", error_description="{message.replace(chr(34), "")}"'
        )


class JwksKeys:
    """The identity provider's public keys, fetched from its JWKS URL and cached by PyJWT's
    `PyJWKClient` (five minutes; an unknown ``kid`` refetches at most every 30 s)."""

    def __init__(self, url: str, *, timeout: float = 2.0):
        self.url = url
        self._client = _JwksClient(url, timeout=timeout)

    def fetch(self) -> None:
        """Fetch the keys now, so no request waits for them (or fails while the identity
        provider is away); raises `campus.http.ServiceUnavailable` when it does not answer."""
        try:
            self._client.get_jwk_set()
        except PyJWKClientConnectionError as exc:
            raise ServiceUnavailable("identity", f"its JWKS did not answer: {exc}") from None

    def key_for(self, kid: str):
        try:
            return self._client.get_signing_key(kid).key
        except PyJWKClientConnectionError as exc:
            raise ServiceUnavailable("identity", f"its JWKS did not answer: {exc}") from None
        except PyJWKClientError:
            raise InvalidToken(
                "The token is signed with a key the identity provider does not publish.",
                code="token_key_unknown",
            ) from None


class LocalKeys:
    """The public half of a private key this process holds: the monolith, which is its own
    identity provider, verifies without a hop."""

    def __init__(self, private_pem: str):
        self._kid, self._key = key_id(private_pem), public_key(private_pem)

    def key_for(self, kid: str) -> rsa.RSAPublicKey:
        if kid != self._kid:
            raise InvalidToken(
                "The token is signed with a key the identity provider does not publish.",
                code="token_key_unknown",
            )
        return self._key


class TokenVerifier:
    """Verifies tokens of one issuer whose keys come from ``keys`` (`JwksKeys`, `LocalKeys`)."""

    def __init__(self, *, issuer: str, keys):
        self.issuer, self.keys = issuer, keys

    def verify(self, token: str, *, audience: str) -> dict:
        """The token's claims when it is good for ``audience``; raises `InvalidToken`."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.DecodeError:
            raise InvalidToken("The token is not a JWT.", code="token_malformed") from None
        except jwt.InvalidTokenError as exc:  # a header PyJWT refuses: a kid not a string, crit
            message = f"The token's header is refused: {str(exc)[:80]}."
            raise InvalidToken(message, code="token_malformed") from None
        if header.get("alg") != ALGORITHM:
            raise InvalidToken(
                f"The token's algorithm must be {ALGORITHM}, not {str(header.get('alg'))[:20]!r}.",
                code="token_algorithm",
            )
        if header.get("typ") != TOKEN_TYPE:
            raise InvalidToken(f"The token's type must be {TOKEN_TYPE}.", code="token_type")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise InvalidToken("The token names no key id (kid).", code="token_key_unknown")
        key = self.keys.key_for(kid)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=audience,
                issuer=self.issuer,
                leeway=LEEWAY_S,
                options={"require": list(REQUIRED_CLAIMS), "strict_aud": False},
            )
        except jwt.InvalidTokenError as exc:
            code, message = _refusal(exc, audience)
            advice = EXPIRED_ADVICE if code == "token_expired" else None
            raise InvalidToken(message, code=code, advice=advice) from None
        if not isinstance(claims["scope"], str) or not isinstance(claims["sub"], str):
            raise InvalidToken("The token's scope and sub must be strings.", code="token_claims")
        return claims


def _refusal(exc: jwt.InvalidTokenError, audience: str) -> tuple[str, str]:
    # Most specific first: several of these subclass one another.
    known = [
        (jwt.ExpiredSignatureError, "token_expired", "The token has expired."),
        (jwt.ImmatureSignatureError, "token_not_yet_valid", "The token is not valid yet."),
        (jwt.InvalidAudienceError, "token_audience", f"The token is not meant for {audience}."),
        (jwt.InvalidIssuerError, "token_issuer", "The token comes from another issuer."),
        (jwt.InvalidSignatureError, "token_signature", "The token's signature does not verify."),
        (jwt.MissingRequiredClaimError, "token_claims", f"The token lacks a claim: {exc}."),
    ]
    for kind, code, message in known:
        if isinstance(exc, kind):
            return code, message
    return "token_malformed", "The token cannot be read."


class _JwksClient(PyJWKClient):
    """PyJWKClient fetching with campus's own session (`campus.http.session_make`)."""

    def __init__(self, url: str, *, timeout: float):
        super().__init__(url, timeout=timeout)
        self._session = session_make()

    def fetch_data(self):  # PyJWKClient documents this as the method a subclass overrides
        try:
            response = self._session.get(self.uri, timeout=self.timeout, allow_redirects=False)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as exc:
            raise PyJWKClientConnectionError(f"{self.uri}: {exc}") from exc
