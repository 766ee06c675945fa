"""The identity provider issues RS256 JWTs with the claims OEP-42 and RFC 9068 name, for
services (client credentials) and for the demo accounts (password grant), and refuses the rest."""

import datetime
import hashlib

import jwt
import pytest
import requests
from bearer_tokens import claims_make
from django.db import connections
from django.utils import timezone

from campus import django_base
from campus.assembly.databases import MONOLITH_ALIAS
from campus.embedded.settings import ISSUER
from campus.identity.api import DEMO_LEARNERS, DEMO_STAFF, LEARNER_APP
from campus.registry import IDENTITY, resource_services
from campus.tokens.endpoints import JWKS_PATH, TOKEN_PATH


def _token_request(platform, **form):
    return requests.post(platform.url(IDENTITY) + TOKEN_PATH, data=form, timeout=10)


def _password_grant(platform, username, password=None, **form):
    return _token_request(
        platform,
        grant_type="password",
        client_id=LEARNER_APP,
        username=username,
        password=password or platform.demo_password,
        **form,
    )


def _ada_form(platform) -> dict:
    """A password grant for the demo learner ada, as a form."""
    return {
        "grant_type": "password",
        "client_id": LEARNER_APP,
        "username": "ada",
        "password": platform.demo_password,
    }


def _claims(platform, token: str, audience: str) -> dict:
    keys = jwt.PyJWKClient(platform.url(IDENTITY) + JWKS_PATH)
    key = keys.get_signing_key_from_jwt(token).key
    return jwt.decode(token, key, algorithms=["RS256"], audience=audience, issuer=ISSUER)


def _dashboard_token_answer(platform) -> requests.Response:
    """The identity's answer to the dashboard asking for its own token for the catalog (client
    credentials)."""
    from django.conf import settings

    return requests.post(
        platform.url(IDENTITY) + TOKEN_PATH,
        data={"grant_type": "client_credentials", "audience": "catalog"},
        auth=("dashboard", settings.CAMPUS_CLIENT_SECRETS["dashboard"]),
        timeout=10,
    )


def test_a_service_gets_a_token_naming_the_one_neighbour_it_asked_for(microservices):
    answer = _dashboard_token_answer(microservices)
    assert answer.status_code == 200, answer.text
    token = answer.json()
    assert (token["token_type"], token["expires_in"], token["scope"]) == ("Bearer", 300, "service")
    claims = _claims(microservices, token["access_token"], audience="catalog")
    assert claims["sub"] == claims["client_id"] == "dashboard"
    assert claims["aud"] == ["catalog"]
    assert claims["scope"] == "service"
    assert claims["exp"] - claims["iat"] == 300  # minutes, not hours
    assert len(claims["jti"]) == 32
    assert jwt.get_unverified_header(token["access_token"])["typ"] == "at+jwt"


def test_a_service_token_comes_with_no_refresh_token(microservices):
    # What the 401 of an expired token tells a client (campus.tokens.verify.EXPIRED_ADVICE).
    answer = _dashboard_token_answer(microservices)
    assert answer.status_code == 200, answer.text
    assert "refresh_token" not in answer.json()


def test_a_sign_in_answers_a_refresh_token_that_gets_a_new_pair_once(platform):
    # What the 401 of an expired token tells a client (campus.tokens.verify.EXPIRED_ADVICE).
    signed_in = _password_grant(platform, "ada").json()
    refreshed = _refresh(platform, signed_in["refresh_token"])
    assert refreshed.status_code == 200, refreshed.text
    pair = refreshed.json()
    claims = _claims(platform, pair["access_token"], audience="dashboard")
    assert (claims["sub"], claims["scope"]) == ("ada", "learner")
    assert pair["refresh_token"] != signed_in["refresh_token"]
    following = _refresh(platform, pair["refresh_token"])
    assert following.status_code == 200, following.text


def test_a_refresh_token_used_twice_ends_the_sign_in_for_both_holders(platform):
    signed_in = _password_grant(platform, "ada").json()
    pair = _refresh(platform, signed_in["refresh_token"]).json()  # the learner's app
    stolen = _refresh(platform, signed_in["refresh_token"])  # a copy of the first, used later
    assert (stolen.status_code, stolen.json()["error"]) == (400, "invalid_grant")
    # Which holder is the thief is unknown: the family is revoked, the app signs in again.
    after = _refresh(platform, pair["refresh_token"])
    assert (after.status_code, after.json()["error"]) == (400, "invalid_grant")
    assert _password_grant(platform, "ada").status_code == 200


def test_a_refresh_token_unused_for_a_day_after_its_access_token_expired_is_refused(platform):
    stale, fresh = (_password_grant(platform, "ada").json()["refresh_token"] for _ in range(2))
    idle = datetime.timedelta(seconds=django_base.REFRESH_TOKEN_IDLE_S)
    _access_token_expires_set(platform, stale, timezone.now() - idle)
    _access_token_expires_set(platform, fresh, timezone.now() - idle + datetime.timedelta(hours=1))
    answer = _refresh(platform, stale)
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_grant")
    assert _refresh(platform, fresh).status_code == 200


def test_a_refresh_token_is_good_only_through_the_app_it_was_issued_to(platform):
    refresh_token = _password_grant(platform, "ada").json()["refresh_token"]
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    for client in ("dashboard", "not-an-app"):
        answer = _token_request(platform, **form, client_id=client)
        assert (answer.status_code, answer.json()["error"]) == (401, "invalid_client")
    assert _refresh(platform, refresh_token).status_code == 200


def _refresh(platform, refresh_token: str) -> requests.Response:
    form = {"grant_type": "refresh_token", "client_id": LEARNER_APP}
    return _token_request(platform, **form, refresh_token=refresh_token)


def _access_token_expires_set(platform, refresh_token: str, expires) -> None:
    """Backdate the access token issued with ``refresh_token``, in the identity's database."""
    from oauth2_provider.models import AccessToken, RefreshToken

    alias = MONOLITH_ALIAS if platform.arch == "monolith" else IDENTITY
    checksum = hashlib.sha256(refresh_token.encode()).hexdigest()
    try:
        found = RefreshToken.objects.using(alias).get(token_checksum=checksum)
        AccessToken.objects.using(alias).filter(id=found.access_token_id).update(expires=expires)
    finally:
        connections[alias].close()


def test_a_wrong_client_secret_gets_no_token(microservices):
    answer = requests.post(
        microservices.url(IDENTITY) + TOKEN_PATH,
        data={"grant_type": "client_credentials"},
        auth=("dashboard", "not-the-secret"),
        timeout=10,
    )
    assert (answer.status_code, answer.json()["error"]) == (401, "invalid_client")


@pytest.mark.parametrize("learner", DEMO_LEARNERS)
def test_a_demo_learner_signs_in_and_gets_a_learner_token_for_every_service(platform, learner):
    answer = _password_grant(platform, learner)
    assert answer.status_code == 200, answer.text
    claims = _claims(platform, answer.json()["access_token"], audience="dashboard")
    assert (claims["sub"], claims["scope"]) == (learner, "learner")
    assert sorted(claims["aud"]) == sorted(resource_services())
    assert set(claims) >= {"iss", "aud", "sub", "scope", "exp", "iat", "nbf", "jti"}


def test_the_staff_account_gets_the_staff_scope_and_a_learner_cannot(platform):
    staff = _password_grant(platform, DEMO_STAFF[0]).json()
    assert staff["scope"] == "learner staff"
    asked = _password_grant(platform, DEMO_LEARNERS[0], scope="learner staff")
    assert (asked.status_code, asked.json()["error"]) == (400, "invalid_scope")


def test_a_wrong_password_or_an_unknown_account_gets_no_token(platform):
    for username, password in (("ada", "wrong"), ("mallory", None)):
        answer = _password_grant(platform, username, password)
        assert (answer.status_code, answer.json()["error"]) == (400, "invalid_grant")


def test_the_jwks_publishes_the_key_tokens_are_signed_with_and_no_private_part(platform):
    keys = requests.get(platform.url(IDENTITY) + JWKS_PATH, timeout=5).json()["keys"]
    assert [(k["kty"], k["alg"], k["use"]) for k in keys] == [("RSA", "RS256", "sig")]
    assert not {"d", "p", "q"} & set(keys[0])
    token = _password_grant(platform, "ada").json()["access_token"]
    assert jwt.get_unverified_header(token)["kid"] == keys[0]["kid"]


def test_a_token_made_for_the_tests_has_the_claims_the_identity_provider_gives(platform):
    token = _password_grant(platform, "ada").json()["access_token"]
    issued = _claims(platform, token, audience="catalog")
    assert set(claims_make()) == set(issued)
    assert {k: claims_make()[k] for k in ("iss", "aud", "sub", "scope")} == {
        k: issued[k] for k in ("iss", "aud", "sub", "scope")
    }


@pytest.mark.parametrize("field", ["username", "password", "client_id"])
def test_a_nul_byte_in_a_token_request_is_an_invalid_request_not_a_500(platform, field):
    form = _ada_form(platform)
    form[field] += "\x00"
    answer = _token_request(platform, **form)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


@pytest.mark.parametrize("field", ["grant_type", "username", "scope"])
def test_a_token_request_that_repeats_a_parameter_is_an_invalid_request_naming_it(platform, field):
    form = {**_ada_form(platform), "scope": "learner"}
    form[field] = [form[field], "staff" if field == "scope" else form[field]]
    answer = _token_request(platform, **form)
    assert answer.status_code == 400
    assert answer.json() == {
        "error": "invalid_request",
        "error_description": f"Given more than once: {field}.",
    }
