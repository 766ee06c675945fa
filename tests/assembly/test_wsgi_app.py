"""An inbound request id is forwarded only when it is safe to put on an outbound call; the token
endpoint's deadline is longer than a hop's; the time a request waited for a worker counts
against its deadline."""

import http.client
import io
import logging
import time
from urllib.parse import urlsplit

import pytest
from bearer_tokens import token_make
from demo_courses import OPEN_COURSE

from campus.assembly.databases import DatabaseScope
from campus.assembly.wsgi_app import DEFAULT_BUDGET_S, ServiceApp
from campus.deadlines import REQUEST_START_HEADER
from campus.enrollments.models import Enrollment
from campus.tokens.client import TOKEN_TIMEOUT_S
from campus.tokens.endpoints import TOKEN_PATH


def _ada() -> dict:
    return {"Authorization": "Bearer " + token_make(sub="ada")}


@pytest.mark.parametrize(
    "request_id", ["abc\r\n def", "tab\there", "x" * 201], ids=["folded", "tab", "long"]
)
def test_a_request_id_that_cannot_be_forwarded_is_replaced_not_a_500(
    microservices, enroll, request_id
):
    enroll(microservices)  # so the dashboard asks the catalog for a title too
    # http.client still sends a folded header line; requests would refuse to.
    microservices.trace.clear()
    address = urlsplit(microservices.url("dashboard"))
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    try:
        connection.request("GET", "/dashboard/ada", headers={"X-Request-ID": request_id, **_ada()})
        answer = connection.getresponse()
        assert answer.status == 200, answer.read()
    finally:
        connection.close()
    hops = microservices.trace.hops()
    assert {h.callee for h in hops} == {"catalog", "enrollments", "credentials"}
    assert len({h.request_id for h in hops}) == 1
    assert hops[0].request_id != request_id


TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def test_a_client_cannot_write_a_log_line_and_bad_trace_headers_cost_one_line_at_most(
    platform, http, monkeypatch, caplog
):
    # setLevel, not the attribute: it also clears what each child logger cached of the level.
    caplog.set_level(logging.INFO, logger="campus")
    # The one handler the settings give both the campus loggers and the root (any library's).
    (handler,) = [h for h in logging.getLogger("campus").handlers if h.name == "stream"]
    assert handler in logging.getLogger().handlers
    written = io.StringIO()
    monkeypatch.setattr(handler, "stream", written)
    headers = {
        "traceparent": TRACEPARENT,
        "tracestate": ",".join(f"ZQX{n}=bad" for n in range(30)),  # uppercase keys: invalid
        "baggage": ",".join(f"zqx{n}" for n in range(400)),  # no "=": each member invalid
    }
    http.get(platform.url("catalog") + "/zqx%0d%0aFAKE%20200%1b[31m", headers=headers)
    err = written.getvalue()
    assert "\x1b" not in err
    assert "\r" not in err
    assert not any(line.startswith("FAKE") for line in err.splitlines())
    assert "/zqx\\r\\nFAKE 200\\x1b[31m" in err  # the request line, escaped
    assert len([line for line in err.splitlines() if "zqx" in line.lower()]) <= 2


def test_the_token_endpoint_gets_a_token_clients_wait_every_other_path_the_services_budget():
    # The token endpoint checks a hashed secret, slower than a hop: its statements would
    # otherwise be cancelled at the service's budget (campus.process.deadline_backend).
    app = ServiceApp(name="identity", urlconf=None, scope=DatabaseScope("identity", {}))
    token = app._deadline({"PATH_INFO": TOKEN_PATH}).remaining()
    other = app._deadline({"PATH_INFO": "/courses"}).remaining()
    assert other <= DEFAULT_BUDGET_S < token <= TOKEN_TIMEOUT_S


def _started(seconds_ago: float) -> dict:
    return {REQUEST_START_HEADER: f"t={time.time() - seconds_ago:.3f}"}


def test_a_request_that_waited_for_a_worker_past_its_budget_is_a_504_unrun_and_counted(
    platform, http, refused
):
    url = platform.url("catalog")
    waited = http.get(url + "/courses", headers=_started(DEFAULT_BUDGET_S + 0.5))
    refused(waited, 504, "deadline_exceeded")
    assert http.get(url + "/courses", headers=_started(0.05)).status_code == 200
    metrics = http.get(url + "/metrics").text
    service = "monolith" if platform.arch == "monolith" else "catalog"
    assert f'campus_deadline_exceeded_total{{service="{service}"}} 1.0' in metrics


def test_time_waiting_for_a_worker_comes_off_the_caller_s_deadline_and_the_service_s_own():
    app = ServiceApp(name="catalog", urlconf=None, scope=DatabaseScope("catalog", {}))
    waited = {"HTTP_X_REQUEST_START": _started(0.3)[REQUEST_START_HEADER], "PATH_INFO": "/"}
    assert app._deadline(waited).remaining() == pytest.approx(DEFAULT_BUDGET_S - 0.3, abs=0.05)
    theirs = {**waited, "HTTP_X_DEADLINE_MS": "500"}
    assert app._deadline(theirs).remaining() == pytest.approx(0.2, abs=0.05)
    # A moment still to come (two clocks read a moment apart) takes nothing off.
    ahead = {"HTTP_X_REQUEST_START": _started(-5)[REQUEST_START_HEADER], "PATH_INFO": "/"}
    assert app._deadline(ahead).remaining() == pytest.approx(DEFAULT_BUDGET_S, abs=0.05)


@pytest.mark.parametrize(
    "value", ["1765000000", "t=", "t=soon", "t=1e9", "t=-5", "t=1.2.3", "t=" + "9" * 13, "\u00b2"]
)
def test_a_request_start_that_is_not_a_moment_is_a_400_naming_the_header_and_writes_nothing(
    platform, http, refused, rows, value
):
    answer = http.post(
        platform.url("enrollments") + "/enrollments",
        json={"learner": "ada", "course_key": OPEN_COURSE},
        headers={REQUEST_START_HEADER: value},
    )
    error = refused(answer, 400, "invalid_deadline")
    assert REQUEST_START_HEADER in error["message"]
    assert rows(platform, Enrollment) == 0
