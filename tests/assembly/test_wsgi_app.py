"""An inbound request id is forwarded only when it is safe to put on an outbound call; the token
endpoint's deadline is longer than a hop's."""

import http.client
import io
import logging
from urllib.parse import urlsplit

import pytest
from bearer_tokens import token_make

from campus.assembly.databases import DatabaseScope
from campus.assembly.wsgi_app import DEFAULT_BUDGET_S, ServiceApp
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
