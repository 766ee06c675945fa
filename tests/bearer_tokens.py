"""Access tokens for tests, signed as the identity provider signs them.

Every platform this process starts signs with one generated key under one issuer
(`campus.embedded.settings`), so a token made here is good on any of them, monolith or
microservices, exactly as a token from their identity service is (`test_identity` holds the two
to the same claims). Tests that are not about tokens send `staff_auth()`; the tests of refusals
make the bad ones with `token_make(**changes)`.
"""

import time
import uuid

from requests.auth import AuthBase

from campus.embedded.settings import ISSUER
from campus.registry import resource_services
from campus.tokens.scopes import LEARNER, STAFF

__all__ = [
    "TokenAuth",
    "claims_make",
    "learner_auth",
    "staff_auth",
    "staff_header",
    "token_make",
]


def claims_make(*, sub: str = "ada", scope: str = LEARNER, **changes) -> dict:
    """The claims of a good token for ``sub``; ``changes`` replace (or, as None, drop) any."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "sub": sub,
        "aud": list(resource_services()),
        "client_id": "campus-learner-app",
        "scope": scope,
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": uuid.uuid4().hex,
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def token_make(*, private_pem: str | None = None, **changes) -> str:
    """A token with the claims of `claims_make`, signed with this process's key (or another)."""
    # Imported here: campus.embedded (imported above) configures Django first.
    from campus.identity.api import claims_sign

    return claims_sign(claims_make(**changes), private_pem=private_pem)


class TokenAuth(AuthBase):
    """A freshly signed token on every request, so none expires during a long test run."""

    def __init__(self, **claims):
        self.claims = claims

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {token_make(**self.claims)}"
        return request


def staff_auth() -> TokenAuth:
    return TokenAuth(sub="instructor", scope=f"{LEARNER} {STAFF}")


def learner_auth(learner: str = "ada") -> TokenAuth:
    return TokenAuth(sub=learner, scope=LEARNER)


def staff_header() -> str:
    """``Authorization: Bearer <a staff token>``, a header line for raw HTTP requests."""
    return "Authorization: Bearer " + token_make(sub="instructor", scope=f"{LEARNER} {STAFF}")
