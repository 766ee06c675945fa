"""What the shared client sends: each service's own token for each neighbour, fetched once and
reused, and the learner's token exchanged for one good at a neighbour that holds learners' data."""

import threading
import time

import pytest
import requests
from bearer_tokens import learner_auth, token_make
from demo_courses import OPEN_COURSE

from campus.deadlines import Deadline, deadline_scope
from campus.http import ServiceUnavailable
from campus.tokens import forwarding
from campus.tokens.client import REFRESH_MARGIN_S, BearerToken, ClientCredentials, ServiceAuth


class _Credentials:
    audience = "enrollments"

    def __init__(self):
        self.fetches = 0

    def token(self):
        self.fetches += 1
        return "own-token"


class _Exchange:
    def token(self, subject_token, audience):
        return f"{subject_token}-for-{audience}"


def _sent(auth) -> str:
    request = requests.Request("GET", "http://127.0.0.1/").prepare()
    return auth(request).headers["Authorization"]


def test_a_client_to_learner_data_exchanges_the_learners_token_and_falls_back_to_its_own():
    credentials = _Credentials()
    exchanging = ServiceAuth(credentials, exchange=_Exchange())
    own_auth = ServiceAuth(credentials)
    with forwarding.request_scope():
        assert _sent(exchanging) == "Bearer own-token"  # no learner in this request
        forwarding.inbound_token_set("learner-token")
        assert _sent(exchanging) == "Bearer learner-token-for-enrollments"
        assert _sent(own_auth) == "Bearer own-token"
    assert forwarding.inbound_token() is None  # nothing left for the next request


def test_each_service_fetches_its_own_token_once_for_many_calls(microservices):
    url = microservices.url("dashboard") + "/dashboard/ada"
    enroll = {"learner": "ada", "course_key": OPEN_COURSE}
    for _ in range(2):
        requests.post(
            microservices.url("enrollments") + "/enrollments", json=enroll, auth=learner_auth()
        )
    ada = BearerToken(token_make(sub="ada"))  # one sign-in, five pages
    for _ in range(5):  # ada is enrolled: each page asks the catalog for her course's title
        assert requests.get(url, auth=ada).status_code == 200
    fetched = {caller: c.fetches for caller, c in microservices._credentials.items()}
    # The dashboard's own token is asked for the catalog only; for enrollments and credentials
    # it exchanged ada's token once each. Enrollments asked the catalog with its own.
    assert fetched == {
        "dashboard": {"catalog": 1, "enrollments": 0, "credentials": 0, "exchange": 2},
        "enrollments": {"catalog": 1, "exchange": 0},
    }


def test_the_dashboard_shows_a_learner_their_page_with_their_exchanged_token(microservices):
    answer = requests.get(
        microservices.url("dashboard") + "/dashboard/ada", auth=learner_auth("ada")
    )
    assert answer.json()["unavailable"] == []


class _SlowIdentity(ClientCredentials):
    """Client credentials whose identity provider takes ``delay_s`` per token."""

    def __init__(self, *, delay_s: float, lifetime_s: float = 300.0):
        url = "http://127.0.0.1:9/oauth2/token"  # never asked: _fetch is this class's own
        super().__init__(token_url=url, client_id="c", client_secret="s", audience="a")
        self.delay_s, self.lifetime_s = delay_s, lifetime_s

    def _fetch(self):
        self.fetches += 1
        time.sleep(self.delay_s)
        return f"token-{self.fetches}", self.lifetime_s


def test_threads_that_need_a_token_at_once_share_one_fetch():
    credentials = _SlowIdentity(delay_s=0.2)
    got = []
    threads = [threading.Thread(target=lambda: got.append(credentials.token())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == ["token-1"] * 8
    assert credentials.fetches == 1


def test_a_request_waits_for_a_token_until_its_deadline_and_the_fetch_goes_on_for_the_next():
    credentials = _SlowIdentity(delay_s=0.3)
    started = time.monotonic()
    with deadline_scope(Deadline.after(0.05)), pytest.raises(ServiceUnavailable, match="deadline"):
        credentials.token()
    assert time.monotonic() - started < 0.2
    assert credentials.token() == "token-1"  # the same fetch, finished
    assert credentials.fetches == 1


def test_a_token_near_its_expiry_is_still_sent_while_its_successor_is_fetched():
    credentials = _SlowIdentity(delay_s=0.2, lifetime_s=REFRESH_MARGIN_S + 0.01)
    assert credentials.token() == "token-1"
    time.sleep(0.02)  # now inside the refresh margin, still valid
    started = time.monotonic()
    assert credentials.token() == "token-1"
    assert time.monotonic() - started < 0.1  # not held up by the refresh
    deadline = time.monotonic() + 2
    while credentials.fetches < 2 or credentials._fetching is not None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert credentials.token() == "token-2"
