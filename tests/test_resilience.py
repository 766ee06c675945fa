"""Calls that protect the caller and the callee: a deadline end to end, a circuit breaker per
neighbour, retries of idempotent requests only with backoff and Retry-After, a bulkhead."""

import random
import threading
import time

import psutil
import pybreaker
import pytest
import redis

from campus.assembly import redis_clients
from campus.assembly.redis_clients import request_redis_client
from campus.deadlines import DEADLINE_HEADER, Deadline, deadline_scope
from campus.embedded import Platform
from campus.embedded.servers import LoopbackServer
from campus.http import ServiceClient, ServiceUnavailable, Trace
from campus.process.redis_server import RedisServer
from campus.process.suspend import suspended
from campus.resilience import Bulkhead, BulkheadFull, circuit_breaker, retry_after_seconds
from campus.tokens.client import TOKEN_TIMEOUT_S
from campus.waits import wait_until


class Recorder:
    """A WSGI app answering ``status`` after ``delay_s``; notes when and with which headers each
    request came."""

    def __init__(self, status="200 OK", *, delay_s=0.0, headers=(), statuses=None):
        self.status, self.delay_s, self.headers = status, delay_s, list(headers)
        self.statuses = list(statuses or [])
        self.asked: list[dict] = []
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0

    def __call__(self, environ, start_response):
        with self.lock:
            self.asked.append({"at": time.monotonic(), **environ})
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            status = self.statuses.pop(0) if self.statuses else self.status
        try:
            time.sleep(self.delay_s)
        finally:
            with self.lock:
                self.in_flight -= 1
        start_response(status, [("Content-Length", "2"), *self.headers])
        return [b"[]"]


@pytest.fixture
def neighbour():
    """neighbour(app, **client options) -> a client of that app with a trace of its own."""
    servers, clients = [], []

    def make(app, **options):
        servers.append(LoopbackServer(name="neighbour").start(app))
        options.setdefault("trace", Trace())
        clients.append(
            ServiceClient(caller="me", callee="neighbour", base_url=servers[-1].url, **options)
        )
        return clients[-1]

    yield make
    for client in clients:
        client.close()
    for server in servers:
        server.stop()


def test_a_call_sends_the_time_left_of_its_deadline(neighbour):
    app = Recorder()
    client = neighbour(app, timeout=2.0)
    with deadline_scope(Deadline.after(0.8)):
        client.get("/things")
    sent = int(app.asked[0]["HTTP_" + DEADLINE_HEADER.upper().replace("-", "_")])
    assert 600 < sent <= 800  # the request's deadline, sooner than the attempt's 2 s


def test_a_neighbour_that_hangs_costs_the_deadline_and_no_more(neighbour):
    client = neighbour(Recorder(delay_s=3.0), timeout=2.0, retries=3)
    started = time.monotonic()
    with deadline_scope(Deadline.after(0.3)), pytest.raises(ServiceUnavailable):
        client.get("/things")
    # Under one attempt's 2 s, so the 0.3 s deadline ended it; not tighter: a shared machine
    # may be late by a few tenths.
    assert time.monotonic() - started < 1.5
    assert len(client.trace.hops()) == 1  # no retry was begun that could not end in time


def test_reads_are_retried_with_growing_random_pauses(neighbour):
    app = Recorder("503 Service Unavailable")
    client = neighbour(app, retries=3)
    with pytest.raises(ServiceUnavailable, match="HTTP 503"):
        client.get("/things")
    pauses = [b["at"] - a["at"] for a, b in zip(app.asked, app.asked[1:], strict=False)]
    assert len(app.asked) == 4
    assert all(pause < 0.05 * 2 ** (n + 1) + 0.05 for n, pause in enumerate(pauses))


def test_the_random_pauses_leave_the_processs_shared_random_state_alone(neighbour):
    # Not random.random(): a seeded notebook, or Hypothesis, which fails a test whose drawing
    # moved it, owns that state (a platform's server threads retry while a test draws).
    client = neighbour(Recorder("503 Service Unavailable"), retries=3)
    before = random.getstate()
    with pytest.raises(ServiceUnavailable):
        client.get("/things")
    assert random.getstate() == before


def test_retries_at_once_when_backoff_is_off_come_back_to_back(neighbour):
    app = Recorder("503 Service Unavailable")
    client = neighbour(app, retries=3, backoff=False)
    with pytest.raises(ServiceUnavailable):
        client.get("/things")
    assert app.asked[-1]["at"] - app.asked[0]["at"] < 0.05


def test_a_retry_waits_as_long_as_retry_after_asks(neighbour):
    app = Recorder(statuses=["503 Service Unavailable"], headers=[("Retry-After", "1")])
    client = neighbour(app, retries=1)
    assert client.get("/things").status == 200
    assert app.asked[1]["at"] - app.asked[0]["at"] >= 1.0


def test_a_retry_after_past_the_deadline_is_not_waited_for(neighbour):
    app = Recorder("503 Service Unavailable", headers=[("Retry-After", "5")])
    client = neighbour(app, retries=2)
    started = time.monotonic()
    with deadline_scope(Deadline.after(0.5)), pytest.raises(ServiceUnavailable):
        client.get("/things")
    assert time.monotonic() - started < 0.4  # not even until the 0.5 s deadline
    assert len(app.asked) == 1


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("3", 3.0), ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0), ("soon", None), ("", None), (None, None)],
)
def test_retry_after_is_read_as_seconds_or_as_an_http_date(value, seconds):
    now = 1445412480.0  # 07:28:00 that day
    assert retry_after_seconds(value, now=now) == seconds


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_idempotent_writes_are_retried(neighbour, method):
    app = Recorder(statuses=["503 Service Unavailable"])
    assert neighbour(app).request(method, "/things/1").status == 200
    assert [a["REQUEST_METHOD"] for a in app.asked] == [method, method]


def test_a_post_is_retried_only_with_an_idempotency_key(neighbour):
    app = Recorder(statuses=["503 Service Unavailable", "503 Service Unavailable"])
    client = neighbour(app)
    with pytest.raises(ServiceUnavailable):
        client.post("/things", json={})
    assert client.post("/things", json={}, idempotency_key="k-1").status == 200
    keys = [a.get("HTTP_IDEMPOTENCY_KEY") for a in app.asked]
    assert keys == [None, "k-1", "k-1"]


def test_the_breaker_opens_after_its_failures_and_then_spares_the_neighbour(neighbour):
    app = Recorder("500 Internal Server Error")
    breaker = circuit_breaker("me->neighbour", fail_max=3, reset_timeout=60)
    client = neighbour(app, retries=0, breaker=breaker)
    for _ in range(3):
        with pytest.raises(ServiceUnavailable, match="HTTP 500"):
            client.get("/things")
    assert breaker.current_state == pybreaker.STATE_OPEN
    for _ in range(5):
        with pytest.raises(ServiceUnavailable, match="circuit open"):
            client.get("/things")
    assert len(app.asked) == 3  # the five calls after it opened never reached the neighbour


def test_a_half_open_breaker_closes_on_a_successful_trial_call(neighbour):
    app = Recorder(statuses=["500 Internal Server Error"] * 2)
    breaker = circuit_breaker("me->neighbour", fail_max=2, reset_timeout=0.2)
    client = neighbour(app, retries=0, breaker=breaker)
    for _ in range(2):
        with pytest.raises(ServiceUnavailable):
            client.get("/things")
    time.sleep(0.25)
    assert client.get("/things").status == 200
    assert breaker.current_state == pybreaker.STATE_CLOSED


def test_a_4xx_or_a_429_does_not_count_against_the_breaker(neighbour):
    app = Recorder(statuses=["404 Not Found", "429 Too Many Requests"] * 3)
    breaker = circuit_breaker("me->neighbour", fail_max=2, reset_timeout=60)
    client = neighbour(app, retries=0, breaker=breaker)
    assert [client.get("/x").status for _ in range(6)] == [404, 429] * 3
    assert breaker.current_state == pybreaker.STATE_CLOSED


class NoTokenInTime:
    """The auth of a service whose identity provider did not hand out a token in time."""

    def __call__(self, request):
        raise ServiceUnavailable("identity", "no token before the deadline")


def test_a_call_without_its_token_is_traced_retried_and_spares_the_breaker(neighbour):
    app = Recorder()
    breaker = circuit_breaker("me->neighbour", fail_max=2, reset_timeout=60)
    client = neighbour(app, auth=NoTokenInTime(), backoff=False, breaker=breaker)
    for _ in range(3):
        with pytest.raises(ServiceUnavailable, match="neighbour is unavailable: identity"):
            client.get("/x")
    hops = client.trace.hops()
    assert [(h.attempt, h.outcome, h.status) for h in hops] == [
        (1, "no_token", None),
        (2, "no_token", None),
    ] * 3
    assert app.asked == []
    assert breaker.current_state == pybreaker.STATE_CLOSED


def test_calls_through_one_breaker_run_side_by_side(neighbour):
    app = Recorder(delay_s=0.2)
    client = neighbour(app, breaker=circuit_breaker("me->neighbour"), max_concurrent=4)
    callers = [threading.Thread(target=client.get, args=("/x",)) for _ in range(4)]
    started = time.monotonic()
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert app.most_in_flight == 4
    assert time.monotonic() - started < 0.6  # not 4 x 0.2 s one after another


def test_the_bulkhead_refuses_the_call_past_its_size_at_once(neighbour):
    app = Recorder(delay_s=0.5)
    client = neighbour(app, max_concurrent=2)
    holders = [threading.Thread(target=client.get, args=("/x",)) for _ in range(2)]
    for holder in holders:
        holder.start()
    while app.in_flight < 2:
        time.sleep(0.005)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable, match="bulkhead full"):
        client.get("/x")
    assert time.monotonic() - started < 0.4  # not after the 0.5 s calls that hold the slots
    for holder in holders:
        holder.join()
    assert len(app.asked) == 2


def test_a_bulkhead_frees_its_slot_when_a_call_fails():
    bulkhead = Bulkhead(1)
    with pytest.raises(RuntimeError), bulkhead:
        raise RuntimeError("the call failed")
    with bulkhead, pytest.raises(BulkheadFull), bulkhead:
        pass


def test_the_dashboard_answers_within_its_deadline_when_a_neighbour_hangs(http, enroll):
    environ = {"CAMPUS_DEADLINE": "0.5", "CAMPUS_HTTP_TIMEOUT": "10"}
    with Platform("microservices", environ=environ) as platform:
        enroll(platform)
        platform.slow_down("credentials", 30)
        platform.slow_down("catalog", 30)
        started = time.monotonic()
        page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
        took = time.monotonic() - started
    # The neighbours hang for 30 s and one attempt may take 10 s: only the 0.5 s deadline can
    # bring the page in under 5 s. The bound is far from both, because a shared machine once
    # delayed the page 0.15 s past a bound of the deadline plus 10%.
    assert took < 5
    assert sorted(page["unavailable"]) == ["catalog", "credentials"]
    assert [c["status"] for c in page["courses"]] == ["active"]


def test_a_hanging_identity_provider_costs_a_page_its_deadline_not_the_token_timeout(http, enroll):
    # The dashboard has asked the identity for nothing yet: its first page must.
    with Platform("microservices", environ={"CAMPUS_DEADLINE": "0.5"}) as platform:
        enroll(platform)
        platform.slow_down("identity", 30)
        started = time.monotonic()
        page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
        took = time.monotonic() - started
    # Far from the token request's own timeout, which the page would wait for without a bound;
    # how close to the deadline it answers is a figure for the bench, not for a shared machine.
    assert took < TOKEN_TIMEOUT_S / 2
    # Ada's token cannot be exchanged for one good at enrollments or credentials; with no
    # enrollment to show, the page asks the catalog for no title.
    assert page["unavailable"] == ["enrollments", "credentials"]
    assert page["courses"] == []


def test_a_callee_does_not_run_a_request_whose_caller_has_given_up(http, enroll):
    with Platform("microservices", environ={"CAMPUS_DEADLINE": "1"}) as platform:
        enroll(platform)
        platform.slow_down("enrollments", 1.5)
        page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
        assert page["unavailable"] == ["enrollments"]
        assert platform.apps["enrollments"].wait_idle(5)  # its 504 comes after the page
        metrics = http.get(platform.url("enrollments") + "/metrics").text
    assert 'campus_deadline_exceeded_total{service="enrollments"} 1.0' in metrics
    assert 'campus_http_requests_total{method="GET",service="enrollments",status="504"}' in metrics


@pytest.mark.parametrize("value", ["soon", "-5", "1.5", "9999999", "", "\u00b2"])
def test_a_malformed_deadline_header_is_refused_with_400(platform, http, refused, value):
    error = refused(
        http.get(platform.url("catalog") + "/courses", headers={DEADLINE_HEADER: value}),
        400,
        "invalid_deadline",
    )
    assert DEADLINE_HEADER in error["message"]


def test_a_stopped_catalog_is_spared_once_the_breaker_opens(http, enroll):
    with Platform("microservices", environ={"CAMPUS_DASHBOARD_TITLE_TTL": "0"}) as platform:
        enroll(platform)
        platform.stop_service("catalog")
        for _ in range(20):
            page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
            assert page["unavailable"] == ["catalog"]
        reached = platform.metrics["dashboard"].outbound_count(callee="catalog")
        metrics = http.get(platform.url("dashboard") + "/metrics").text
    # Five failed attempts (two pages and a half, with one retry each) open it (fail_max);
    # from then on no attempt leaves the dashboard.
    assert reached == 5
    assert 'campus_outbound_calls_total{callee="catalog",outcome="circuit_open"' in metrics
    assert 'campus_circuit_breaker_state{callee="catalog",service="dashboard"} 2.0' in metrics


def test_breakers_of_one_name_in_redis_share_their_state_across_processes_workers():
    with RedisServer(appendonly=False) as server:
        client = redis.Redis.from_url(server.url)
        try:
            # Two workers of the dashboard, each with its own breaker object for the catalog.
            one, other = (
                circuit_breaker("dashboard->catalog", fail_max=2, redis_client=client)
                for _ in range(2)
            )
            for _ in range(2):
                with pytest.raises(ConnectionError):
                    one.call(_refused)
            assert other.current_state == pybreaker.STATE_OPEN
            with pytest.raises(pybreaker.CircuitBreakerError):
                other.call(lambda: "never called")
        finally:
            client.close()


def _refused():
    raise ConnectionError("refused")


@pytest.mark.parametrize(("short", "state"), [(True, "closed"), (False, "open")])
def test_timeouts_under_a_deadline_the_caller_set_too_short_do_not_count_against_the_breaker(
    neighbour, short, state
):
    app = Recorder(delay_s=0.5)
    breaker = circuit_breaker("me->neighbour", fail_max=3, reset_timeout=60)
    client = neighbour(app, retries=0, breaker=breaker)
    for _ in range(4):
        with deadline_scope(Deadline.after(0.05, short=short)), pytest.raises(ServiceUnavailable):
            client.get("/things")
    assert breaker.current_state == state


def test_a_client_sending_tiny_deadlines_does_not_open_a_breaker_for_everyone(http, enroll):
    with Platform("microservices", environ={"CAMPUS_DASHBOARD_TITLE_TTL": "0"}) as platform:
        enroll(platform)
        platform.slow_down("catalog", 0.3)
        for _ in range(8):
            page = http.get(
                platform.url("dashboard") + "/dashboard/ada", headers={DEADLINE_HEADER: "60"}
            )
            assert page.status_code in (200, 504), page.text
        platform.slow_down("catalog", 0)
        breakers = platform.metrics["dashboard"].breakers
        assert {b.current_state for b in breakers.values()} == {pybreaker.STATE_CLOSED}
        counted = platform.metrics["dashboard"].exposition().decode()
        # The calls did time out: the catalog's, or on a busy machine an earlier neighbour's.
        assert 'outcome="caller_deadline"' in counted
        page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
    assert page["unavailable"] == []
    assert page["courses"][0]["title"] is not None


def test_a_breaker_built_while_its_redis_is_stopped_starts_closed_and_stores_its_state_later(
    monkeypatch,
):
    # A gunicorn master builds its breakers as it imports the app; a dozen processes starting
    # at once can keep Redis from answering in time. That must not stop the process.
    with RedisServer(appendonly=False) as server:
        client, reader = request_redis_client(server.url), redis.Redis.from_url(server.url)
        try:
            root = psutil.Process(server.process.pid)
            with suspended([root, *root.children(recursive=True)]):
                breaker = circuit_breaker("enrollments->catalog", redis_client=client)
                assert breaker.call(lambda: "answered") == "answered"
                assert breaker.current_state == pybreaker.STATE_CLOSED
            monkeypatch.setattr(redis_clients, "AWAY_S", 0.0)
            key = "campus:enrollments->catalog:pybreaker:state"
            wait_until(
                lambda: breaker.current_state == "closed" and reader.get(key) == b"closed",
                timeout=5,
                interval=0.1,
                what="the breaker's state in Redis",
            )
        finally:
            client.close()
            reader.close()
