"""Every bad token gets a 401 or 403 in the one error shape, with a WWW-Authenticate challenge,
on every operation of every service that needs a token, on both architectures.

The operations are read from the OpenAPI documents the services publish, so a new operation is
covered the day it is published; only the identity provider's token endpoint and JWKS, /health
and /openapi.json answer without a token.
"""

import pytest
import requests
from bad_tokens import BAD_TOKENS, bad_header

from campus.enrollments.models import Enrollment
from campus.registry import IDENTITY, SERVICES
from campus.tokens.endpoints import JWKS_PATH

EXAMPLES = {
    "course_key": "course-v1:CampusX+PY101+2026",
    "enrollment_id": "1",
    "certificate_uuid": "5c3e9824-ce64-4112-bdc5-6ca614c3cc51",
    "learner": "ada",
}
PUBLIC_PATHS = {"/health", "/openapi.json", "/", "/docs"}


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


def test_only_the_identity_providers_own_operations_need_no_token(platform, http):
    public = {(b, m, p) for b, m, p, secured in operations(platform, http) if not secured}
    identity = platform.url(IDENTITY)
    assert public == {(identity, "POST", "/oauth2/token"), (identity, "GET", JWKS_PATH)}


@pytest.mark.parametrize("case", list(BAD_TOKENS))
def test_a_bad_token_is_refused_on_every_operation_with_a_challenge(case, platform, refused):
    _, status, code = BAD_TOKENS[case]
    with requests.Session() as http:
        checked = 0
        for base, method, path, secured in operations(platform, http):
            if not secured:
                continue
            body = {} if method == "POST" else None
            answer = http.request(method, base + path, json=body, headers=bad_header(case))
            refused(answer, status, code)
            challenge = answer.headers["WWW-Authenticate"]
            assert challenge.startswith('Bearer realm="campus"'), (path, challenge)
            checked += 1
    assert checked == 10  # catalog 3, enrollments 4, credentials 2, dashboard 1


def test_a_write_refused_for_its_token_writes_nothing(platform, rows):
    url = platform.url("enrollments") + "/enrollments"
    body = {"learner": "ada", "course_key": EXAMPLES["course_key"]}
    for case in BAD_TOKENS:
        assert requests.post(url, json=body, headers=bad_header(case)).status_code in (401, 403)
    assert rows(platform, Enrollment) == 0


@pytest.mark.parametrize("path", sorted(PUBLIC_PATHS))
def test_health_the_documents_and_the_index_answer_without_a_token(platform, path):
    for spec in SERVICES:
        assert requests.get(platform.url(spec.name) + path).status_code == 200
