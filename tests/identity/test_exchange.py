"""Every token is good at one service only, except the learner's own: a service's token names the
one neighbour it asked for, and a learner's token a service received is exchanged (RFC 8693) for
one that names one neighbour. Replayed anywhere else, either is refused with a 401."""

import time

import jwt
import pytest
import requests
from bearer_tokens import token_make
from django.conf import settings

from campus.registry import IDENTITY, resource_services
from campus.tokens.endpoints import ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE, TOKEN_PATH


def _as(platform, client: str, secret: str | None = None, **form) -> requests.Response:
    secret = settings.CAMPUS_CLIENT_SECRETS[client] if secret is None else secret
    url = platform.url(IDENTITY) + TOKEN_PATH
    return requests.post(url, data=form, auth=(client, secret), timeout=10)


def _exchange(platform, subject_token: str, *, client="dashboard", audience="enrollments", **form):
    form = {
        "grant_type": TOKEN_EXCHANGE,
        "subject_token": subject_token,
        "subject_token_type": ACCESS_TOKEN_TYPE,
        "audience": audience,
        **form,
    }
    return _as(platform, client, **form)


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _error(answer: requests.Response) -> tuple[int, str]:
    return answer.status_code, answer.json()["error"]


def test_a_services_own_token_names_the_one_neighbour_it_asked_for(platform):
    answer = _as(platform, "dashboard", grant_type="client_credentials", audience="catalog")
    assert answer.status_code == 200, answer.text
    claims = _claims(answer.json()["access_token"])
    assert (claims["sub"], claims["aud"], claims["scope"]) == ("dashboard", ["catalog"], "service")


@pytest.mark.parametrize("audience", [None, "identity", "dashboard", "catalog credentials"])
def test_a_service_token_for_no_neighbour_or_one_it_does_not_call_is_an_invalid_target(
    platform, audience
):
    form = {"grant_type": "client_credentials"} | ({"audience": audience} if audience else {})
    answer = _as(platform, "enrollments", **form)
    assert _error(answer) == (400, "invalid_target")
    assert "catalog, credentials" in answer.json()["error_description"]


def test_the_dashboard_exchanges_a_learners_token_for_one_good_at_one_neighbour(platform):
    learner = token_make(sub="ada", exp=int(time.time()) + 100)
    answer = _exchange(platform, learner)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["issued_token_type"], body["token_type"]) == (ACCESS_TOKEN_TYPE, "Bearer")
    claims = _claims(body["access_token"])
    assert (claims["sub"], claims["scope"], claims["aud"]) == ("ada", "learner", ["enrollments"])
    assert (claims["act"], claims["client_id"]) == ({"sub": "dashboard"}, "dashboard")
    assert claims["exp"] <= _claims(learner)["exp"]  # it outlives nothing it came from
    assert body["expires_in"] <= 100


def test_an_exchanged_token_replayed_to_another_service_is_refused_with_401(microservices):
    exchanged = _exchange(microservices, token_make(sub="ada")).json()["access_token"]
    bearer = {"Authorization": f"Bearer {exchanged}"}
    mine = requests.get(
        microservices.url("enrollments") + "/enrollments?learner=ada", headers=bearer
    )
    assert mine.status_code == 200, mine.text
    for service in set(resource_services()) - {"enrollments"}:
        path = {"catalog": "/courses", "credentials": "/certificates?learner=ada"}
        url = microservices.url(service) + path.get(service, "/dashboard/ada")
        answer = requests.get(url, headers=bearer, timeout=10)
        assert answer.status_code == 401, (service, answer.text)
        assert answer.json()["error"] == {
            "code": "token_audience",
            "message": f"The token is not meant for {service}.",
        }


def test_a_service_token_replayed_to_another_neighbour_is_refused_with_401(microservices):
    # Enrollments' token for the catalog, replayed by the catalog to credentials' grade route.
    asked = _as(microservices, "enrollments", grant_type="client_credentials", audience="catalog")
    bearer = {"Authorization": f"Bearer {asked.json()['access_token']}"}
    grade = {"learner": "ada", "course_key": "course-v1:CampusX+PY101+2026", "grade": 1}
    answer = requests.post(microservices.url("credentials") + "/grades", json=grade, headers=bearer)
    assert answer.status_code == 401, answer.text
    assert answer.json()["error"]["code"] == "token_audience"


@pytest.mark.parametrize(
    ("case", "subject", "form", "refusal"),
    [
        ("not sent to the caller", {"aud": ["enrollments"]}, {}, (400, "invalid_grant")),
        (
            "a service's own token",
            {"sub": "catalog", "scope": "service"},
            {},
            (400, "invalid_grant"),
        ),
        ("expired", {"exp": int(time.time()) - 60}, {}, (400, "invalid_grant")),
        ("an unknown learner", {"sub": "mallory"}, {}, (400, "invalid_grant")),
        ("a neighbour not called", {}, {"audience": "identity"}, (400, "invalid_target")),
        ("wider than it was", {"aud": ["dashboard"]}, {}, (400, "invalid_target")),
        ("no token type", {}, {"subject_token_type": "jwt"}, (400, "invalid_request")),
    ],
)
def test_an_exchange_the_caller_has_no_right_to_is_refused_naming_why(
    platform, case, subject, form, refusal
):
    answer = _exchange(platform, token_make(**subject), **form)
    assert _error(answer) == refusal, case
    assert answer.json()["error_description"]


def test_only_a_service_that_proves_its_secret_may_exchange(platform):
    ada = token_make(sub="ada")
    assert _error(_exchange(platform, ada, client="dashboard", secret="wrong")) == (
        401,
        "invalid_client",
    )
    learner_app = _exchange(platform, ada, client="campus-learner-app", secret="")
    assert learner_app.status_code in (400, 401)
    assert learner_app.json()["error"] in ("invalid_client", "unauthorized_client")
