"""Every kind of bad bearer token, made for this process's key and issuer (see bearer_tokens),
with the status and error code each must get. Shared by the in-process and `campus up` tests."""

import base64
import hashlib
import hmac
import json
import time

import jwt
import requests
from bearer_tokens import claims_make, token_make
from cryptography.hazmat.primitives import serialization
from demo_courses import OPEN_COURSE
from oauth2_provider.settings import oauth2_settings

from campus.registry import SERVICES
from campus.tokens.keys import key_id, private_key_generate, public_key

__all__ = [
    "BAD_TOKENS",
    "EXAMPLES",
    "PUBLIC_PATHS",
    "SECURED_OPERATIONS",
    "bad_header",
    "bad_token_check",
    "operations",
]

OTHER_KEY = private_key_generate()  # a key the identity provider never published


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _signed_by_hand(header: dict, claims: dict, sign) -> str:
    head = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())
    return head + "." + _b64(sign(head.encode()))


def _our_kid() -> str:
    return key_id(oauth2_settings.OIDC_RSA_PRIVATE_KEY)


def _forged() -> str:
    # Our key id, another key's signature: what someone without the private key can make.
    headers = {"kid": _our_kid(), "typ": "at+jwt"}
    return jwt.encode(claims_make(), OTHER_KEY, algorithm="RS256", headers=headers)


def _odd_header(**changes) -> str:
    # A real token's claims and signature under a header PyJWT itself refuses to read.
    good = token_make()
    header = {"alg": "RS256", "typ": "at+jwt", "kid": _our_kid(), **changes}
    return _b64(json.dumps(header).encode()) + "." + good.split(".", 1)[1]


def _alg_none() -> str:
    header = {"alg": "none", "typ": "at+jwt", "kid": _our_kid()}
    return _signed_by_hand(header, claims_make(), lambda _: b"")


def _hmac_with_public_key() -> str:
    # Algorithm confusion (RFC 8725 2.1): HS256 keyed with the public key, which anyone has.
    pem = public_key(oauth2_settings.OIDC_RSA_PRIVATE_KEY).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "at+jwt", "kid": _our_kid()}
    return _signed_by_hand(
        header, claims_make(), lambda data: hmac.new(pem, data, hashlib.sha256).digest()
    )


# name -> (Authorization header, or None for none; status; error code)
BAD_TOKENS = {
    "missing": (lambda: None, 401, "not_authenticated"),
    "not a bearer": (lambda: "Basic YWRhOnNlY3JldA==", 401, "token_malformed"),
    "malformed": (lambda: "Bearer not.a.jwt", 401, "token_malformed"),
    "forged signature": (lambda: f"Bearer {_forged()}", 401, "token_signature"),
    "expired": (lambda: "Bearer " + token_make(exp=int(time.time()) - 60), 401, "token_expired"),
    "not yet valid": (
        lambda: "Bearer " + token_make(nbf=int(time.time()) + 600),
        401,
        "token_not_yet_valid",
    ),
    "wrong audience": (lambda: "Bearer " + token_make(aud=["elsewhere"]), 401, "token_audience"),
    "wrong issuer": (lambda: "Bearer " + token_make(iss="urn:someone-else"), 401, "token_issuer"),
    "missing scope": (lambda: "Bearer " + token_make(scope=""), 403, "insufficient_scope"),
    "alg none": (lambda: f"Bearer {_alg_none()}", 401, "token_algorithm"),
    "HMAC with the public key": (
        lambda: f"Bearer {_hmac_with_public_key()}",
        401,
        "token_algorithm",
    ),
    "key id not a string": (lambda: f"Bearer {_odd_header(kid=5)}", 401, "token_malformed"),
    "critical header": (lambda: f"Bearer {_odd_header(crit=['exp'])}", 401, "token_malformed"),
    "unknown key id": (
        lambda: "Bearer " + token_make(private_pem=OTHER_KEY),
        401,
        "token_key_unknown",
    ),
}


def bad_header(name: str) -> dict:
    value = BAD_TOKENS[name][0]()
    return {} if value is None else {"Authorization": value}


EXAMPLES = {
    "course_key": OPEN_COURSE,
    "enrollment_id": "1",
    "certificate_uuid": "5c3e9824-ce64-4112-bdc5-6ca614c3cc51",
    "learner": "ada",
    "reservation_id": "0" * 32,
}
PUBLIC_PATHS = {"/health", "/openapi.json", "/", "/docs"}
# Operations that need a token: catalog 7 (the course list, its v2, one course, a seat taken and
# released), enrollments 4, credentials 4 (certificates, one certificate, grades listed and
# recorded), dashboard 1.
SECURED_OPERATIONS = 16


def operations(platform, http) -> list[tuple[str, str, str, bool]]:
    """(base URL, method, path with examples filled in, needs a token) for every operation of
    every document the platform serves (one for the monolith, one per service otherwise)."""
    found = []
    for base in dict.fromkeys(platform.url(spec.name) for spec in SERVICES):
        document = http.get(base + "/openapi.json", timeout=5).json()
        for path, methods in document["paths"].items():
            for method, operation in methods.items():
                filled = path.format(**EXAMPLES)
                if method == "get" and "{learner}" not in path and "learner" in str(operation):
                    filled += "?learner=ada"
                found.append((base, method.upper(), filled, bool(operation.get("security"))))
    return found


def bad_token_check(platform, case: str, refused) -> int:
    """Send token ``case`` to every operation that needs one; return how many were checked."""
    _, status, code = BAD_TOKENS[case]
    checked = 0
    with requests.Session() as http:
        http.trust_env = False
        for base, method, path, secured in operations(platform, http):
            if not secured:
                continue
            body = {} if method == "POST" else None
            answer = http.request(method, base + path, json=body, headers=bad_header(case))
            refused(answer, status, code)
            challenge = answer.headers["WWW-Authenticate"]
            assert challenge.startswith('Bearer realm="campus"'), (path, challenge)
            checked += 1
    return checked
