"""What the shared client sends: each service's own token, fetched once and reused, and the
learner's token, forwarded to the services that hold learners' data."""

import requests
from bearer_tokens import learner_auth

from campus.tokens import forwarding
from campus.tokens.client import ServiceAuth


class _Credentials:
    def __init__(self):
        self.fetches = 0

    def token(self):
        self.fetches += 1
        return "own-token"


def _sent(auth) -> str:
    request = requests.Request("GET", "http://127.0.0.1/").prepare()
    return auth(request).headers["Authorization"]


def test_a_client_to_learner_data_forwards_the_learners_token_and_falls_back_to_its_own():
    credentials = _Credentials()
    forwarding_auth, own_auth = ServiceAuth(credentials, forward=True), ServiceAuth(credentials)
    with forwarding.request_scope():
        assert _sent(forwarding_auth) == "Bearer own-token"  # no learner in this request
        forwarding.inbound_token_set("learner-token")
        assert _sent(forwarding_auth) == "Bearer learner-token"
        assert _sent(own_auth) == "Bearer own-token"
    assert forwarding.inbound_token() is None  # nothing left for the next request


def test_each_service_fetches_its_own_token_once_for_many_calls(microservices):
    url = microservices.url("dashboard") + "/dashboard/ada"
    enroll = {"learner": "ada", "course_key": "course-v1:CampusX+PY101+2026"}
    for _ in range(2):
        requests.post(
            microservices.url("enrollments") + "/enrollments", json=enroll, auth=learner_auth()
        )
    for _ in range(5):  # ada is enrolled: each page asks the catalog for her course's title
        assert requests.get(url, auth=learner_auth("ada")).status_code == 200
    fetched = {caller: c.fetches for caller, c in microservices._credentials.items()}
    # The dashboard's own token is for the catalog; its calls to enrollments and credentials
    # forwarded ada's. Enrollments asked the catalog with its own.
    assert fetched == {"dashboard": 1, "enrollments": 1}


def test_the_dashboard_shows_a_learner_their_page_with_their_forwarded_token(microservices):
    answer = requests.get(
        microservices.url("dashboard") + "/dashboard/ada", auth=learner_auth("ada")
    )
    assert answer.json()["unavailable"] == []
