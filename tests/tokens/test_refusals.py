"""Every bad token gets a 401 or 403 in the one error shape, with a WWW-Authenticate challenge,
on every operation of every service that needs a token, on both architectures.

The operations are read from the OpenAPI documents the services publish, so a new operation is
covered the day it is published; only the identity provider's token endpoint and JWKS, /health
and /openapi.json answer without a token.
"""

import pytest
import requests
from bad_tokens import (
    BAD_TOKENS,
    EXAMPLES,
    PUBLIC_PATHS,
    SECURED_OPERATIONS,
    bad_header,
    bad_token_check,
    operations,
)

from campus.enrollments.models import Enrollment
from campus.registry import IDENTITY, SERVICES
from campus.tokens.endpoints import JWKS_PATH


def test_only_the_identity_providers_own_operations_need_no_token(platform, http):
    public = {(b, m, p) for b, m, p, secured in operations(platform, http) if not secured}
    identity = platform.url(IDENTITY)
    assert public == {(identity, "POST", "/oauth2/token"), (identity, "GET", JWKS_PATH)}


@pytest.mark.parametrize("case", list(BAD_TOKENS))
def test_a_bad_token_is_refused_on_every_operation_with_a_challenge(case, platform, refused):
    assert bad_token_check(platform, case, refused) == SECURED_OPERATIONS


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


def test_an_expired_token_is_told_the_sign_in_answered_a_refresh_token_and_writes_nothing(
    platform, rows, refused
):
    url = platform.url("enrollments") + "/enrollments"
    body = {"learner": "ada", "course_key": EXAMPLES["course_key"]}
    answer = requests.post(url, json=body, headers=bad_header("expired"))
    error = refused(answer, 401, "token_expired")
    assert error == {
        "code": "token_expired",
        "message": "The token has expired. A sign-in with the password grant answered a "
        "refresh_token beside it: POST that refresh_token with grant_type=refresh_token and "
        "client_id=campus-learner-app to the identity's /oauth2/token for a new access token "
        "and the next refresh token (each refresh token works once: used twice, it ends the "
        "sign-in). A client-credentials token comes with none: ask for a new one.",
    }
    # The challenge keeps to the problem; what to do about it is the body's.
    assert answer.headers["WWW-Authenticate"] == (
        'Bearer realm="campus", error="invalid_token", error_description="The token has expired."'
    )
    assert rows(platform, Enrollment) == 0
