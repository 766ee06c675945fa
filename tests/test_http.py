"""The one outbound client: pooled, always with a timeout, one retry of reads, every hop traced."""

import json
import math
import re
from dataclasses import replace
from pathlib import Path

import pytest
from opentelemetry.trace import SpanKind

from campus.embedded import Platform
from campus.embedded.servers import LoopbackServer
from campus.http import (
    MAX_ANSWER_BYTES,
    REQUEST_ID_HEADER,
    RETRIED_STATUSES,
    BadAnswer,
    Hop,
    ServiceClient,
    ServiceUnavailable,
    Trace,
    current_request_id,
)
from campus.tracing import ATTRIBUTES


class Scripted:
    """A WSGI app that gives its answers in order (the last one for ever) and notes each request."""

    def __init__(self, *answers: tuple[str, object]):
        self.answers = list(answers)
        self.asked: list[dict] = []

    def __call__(self, environ, start_response):
        self.asked.append(
            {
                "method": environ["REQUEST_METHOD"],
                "path": environ["PATH_INFO"],
                "query": environ["QUERY_STRING"],
                "request_id": environ.get("HTTP_X_REQUEST_ID"),
                "connection": environ["REMOTE_PORT"],  # the client's end of its connection
            }
        )
        status, body = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        start_response(status, [("Content-Length", str(len(payload)))])
        return [payload]


@pytest.fixture
def serve():
    """serve(app) -> a client of that app, with a trace of its own."""
    servers: list[LoopbackServer] = []
    clients: list[ServiceClient] = []

    def client_of(app) -> ServiceClient:
        servers.append(LoopbackServer(name="neighbour").start(app))
        clients.append(
            ServiceClient(caller="me", callee="neighbour", base_url=servers[-1].url, trace=Trace())
        )
        return clients[-1]

    yield client_of
    for client in clients:
        client.close()
    for server in servers:
        server.stop()


def test_a_call_returns_the_reply_and_records_one_hop_with_every_field(serve):
    client = serve(Scripted(("200 OK", {"key": "value"})))
    reply = client.get("/things", params={"learner": "ada"})
    assert (reply.status, reply.body) == (200, {"key": "value"})
    [hop] = client.trace.hops()
    assert replace(hop, ms=0, request_id=None) == Hop(
        "me", "neighbour", "GET", "/things", 200, 0, "ok", 1, None
    )
    assert hop.ms > 0
    assert hop.request_id


def test_a_4xx_is_an_answer_for_the_caller_to_read_not_a_failure(serve):
    client = serve(Scripted(("404 Not Found", {"error": {"code": "not_found"}})))
    assert client.get("/missing").status == 404
    assert [h.outcome for h in client.trace.hops()] == ["ok"]


def test_a_read_that_fails_with_a_5xx_is_retried_once_and_the_retry_is_traced(serve):
    app = Scripted(("503 Service Unavailable", {}), ("200 OK", []))
    client = serve(app)
    assert client.get("/things").status == 200
    hops = client.trace.hops()
    assert [(h.attempt, h.outcome, h.status) for h in hops] == [
        (1, "http_error", 503),
        (2, "ok", 200),
    ]
    assert hops[0].request_id == hops[1].request_id  # a retry is the same request


def test_a_read_that_keeps_failing_raises_service_unavailable_after_two_attempts(serve):
    client = serve(Scripted(("500 Internal Server Error", {})))
    with pytest.raises(ServiceUnavailable, match="neighbour is unavailable: HTTP 500"):
        client.get("/things")
    assert len(client.trace.hops()) == 2


def test_a_write_is_never_retried(serve):
    app = Scripted(("503 Service Unavailable", {}), ("201 Created", {}))
    client = serve(app)
    with pytest.raises(ServiceUnavailable):
        client.post("/things", json={"name": "x"})
    assert [a["method"] for a in app.asked] == ["POST"]
    assert [h.attempt for h in client.trace.hops()] == [1]


def test_a_body_that_is_not_json_is_reported_and_not_retried(serve):
    client = serve(Scripted(("200 OK", b"<html>oops</html>")))
    with pytest.raises(ServiceUnavailable, match="not JSON"):
        client.get("/things")
    assert len(client.trace.hops()) == 1


def test_a_neighbour_that_is_down_is_unreachable_on_both_attempts():
    server = LoopbackServer(name="gone")
    server.stop()  # the port was free a moment ago and nothing listens on it now
    client = ServiceClient(caller="me", callee="gone", base_url=server.url, trace=Trace())
    with pytest.raises(ServiceUnavailable) as failure:
        client.get("/things")
    assert failure.value.callee == "gone"
    assert [(h.outcome, h.status) for h in client.trace.hops()] == [("unreachable", None)] * 2
    client.close()


def test_successive_calls_share_one_pooled_connection(serve):
    app = Scripted(("200 OK", {}))
    client = serve(app)
    for _ in range(3):
        client.get("/things")
    assert len({a["connection"] for a in app.asked}) == 1


def test_the_inbound_request_id_is_forwarded_and_a_fresh_one_is_made_without_it(serve):
    app = Scripted(("200 OK", {}))
    client = serve(app)
    token = current_request_id.set("abc123")
    try:
        client.get("/inside")
    finally:
        current_request_id.reset(token)
    client.get("/outside")
    client.get("/outside")
    inside, first, second = (a["request_id"] for a in app.asked)
    assert inside == "abc123"
    assert None not in (first, second)
    assert first != second
    assert [h.path for h in client.trace.hops(request_id="abc123")] == ["/inside"]


def test_a_proxy_set_in_the_environment_is_not_used_for_calls_between_services(serve, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = serve(Scripted(("200 OK", {})))
    assert client.get("/things").status == 200


@pytest.mark.parametrize("timeout", [None, 0, -1, math.nan, math.inf])
def test_a_client_without_a_real_timeout_cannot_be_made(timeout):
    with pytest.raises(ValueError, match="finite, positive timeout"):
        ServiceClient(caller="me", callee="you", base_url="http://127.0.0.1:1", timeout=timeout)


def test_the_trace_is_read_back_by_request_and_by_edge_and_cleared():
    trace = Trace(maxlen=3)
    for n, (caller, callee) in enumerate([("a", "b"), ("a", "c"), ("a", "b"), ("b", "c")]):
        attributes = {ATTRIBUTES["callee"]: callee, ATTRIBUTES["request_id"]: f"r{n % 2}"}
        with trace.tracer(caller).start_as_current_span(
            "GET", kind=SpanKind.CLIENT, attributes=attributes
        ):
            pass
    assert len(trace.hops()) == 3  # bounded: the oldest span made room
    assert trace.edges() == {("a", "c"), ("a", "b"), ("b", "c")}
    assert [h.callee for h in trace.hops(request_id="r1")] == ["c", "c"]
    trace.clear()
    assert trace.hops() == []


def test_a_dashboard_request_id_follows_every_hop_it_causes(microservices, http, enroll):
    enroll(microservices)
    microservices.trace.clear()
    page = http.get(
        microservices.url("dashboard") + "/dashboard/ada", headers={REQUEST_ID_HEADER: "req-42"}
    )
    assert page.status_code == 200
    hops = microservices.trace.hops(request_id="req-42")
    assert {(h.caller, h.callee, h.method, h.status) for h in hops} == {
        ("dashboard", "catalog", "GET", 200),
        ("dashboard", "enrollments", "GET", 200),
        ("dashboard", "credentials", "GET", 200),
    }
    assert hops == microservices.trace.hops()


def test_a_slow_neighbour_fails_twice_in_the_trace_and_the_page_degrades(http, enroll):
    # Room to spare for the calls that must succeed on a busy machine (the token, the enrolment);
    # a catalog slower than the page's whole deadline for the two that must not.
    environ = {"CAMPUS_HTTP_TIMEOUT": "0.4", "CAMPUS_DEADLINE": "5"}
    with Platform("microservices", environ=environ) as platform:
        enroll(platform)
        platform.slow_down("catalog", 5)
        platform.trace.clear()
        page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
        assert page["unavailable"] == ["catalog"]
        to_catalog = [h for h in platform.trace.hops() if h.callee == "catalog"]
        assert [h.attempt for h in to_catalog] == [1, 2]
        # The caller times out, or the catalog, seeing the deadline it was sent pass, answers
        # 504 first: which comes first is a race on a busy machine, and either is a failure.
        failed = {("timeout", None), ("http_error", 504)}
        assert all((h.outcome, h.status) in failed for h in to_catalog)
        platform.slow_down("catalog", 0)
        assert http.get(platform.url("dashboard") + "/dashboard/ada").json()["unavailable"] == []


def test_the_retried_statuses_are_exactly_the_ones_the_readme_lists():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    line = next(line for line in readme.splitlines() if line.startswith("| `CAMPUS_HTTP_RETRIES`"))
    listed = {int(n) for n in re.findall(r"\b[45]\d\d\b", line)}
    assert listed == RETRIED_STATUSES == {429, 500, 502, 503, 504}


@pytest.mark.parametrize("status", ["501 Not Implemented", "505 HTTP Version Not Supported"])
def test_a_5xx_a_retry_cannot_cure_is_not_retried(serve, status):
    client = serve(Scripted((status, {"error": {"code": "x", "message": "y"}})))
    with pytest.raises(ServiceUnavailable, match=status.split()[0]):
        client.get("/things")
    assert len(client.trace.hops()) == 1


def test_a_redirect_is_not_followed_and_is_a_bad_answer(serve):
    app = Scripted(("301 Moved Permanently", b""))
    client = serve(app)
    with pytest.raises(BadAnswer, match="redirect"):
        client.get("/things")
    assert [asked["path"] for asked in app.asked] == ["/things"]


def test_a_body_over_the_limit_is_a_bad_answer_and_not_retried(serve):
    client = serve(Scripted(("200 OK", b"[" + b"1," * MAX_ANSWER_BYTES + b"1]")))
    with pytest.raises(BadAnswer, match="over"):
        client.get("/things")
    assert len(client.trace.hops()) == 1


def test_a_body_over_the_limit_is_refused_even_without_a_length(serve):
    def chunked(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])
        return iter([b"["] + [b"1," * 65536] * 40 + [b"1]"])

    with pytest.raises(BadAnswer, match="over"):
        serve(chunked).get("/things")


def test_a_body_its_content_encoding_does_not_decode_is_a_bad_answer(serve):
    def garbled(environ, start_response):
        body = b"not gzip at all"
        headers = [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [body]

    with pytest.raises(BadAnswer, match="Content-Encoding"):
        serve(garbled).get("/things")


def test_json_that_is_not_i_json_is_a_bad_answer(serve):
    client = serve(Scripted(("200 OK", b'{"a": 1, "a": 2}')))
    with pytest.raises(BadAnswer, match="not JSON"):
        client.get("/things")
