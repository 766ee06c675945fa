"""An inbound request id is forwarded only when it is safe to put on an outbound call; the token
endpoint's deadline is longer than a hop's."""

import http.client
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


def test_the_token_endpoint_gets_a_token_clients_wait_every_other_path_the_services_budget():
    # The token endpoint checks a hashed secret, slower than a hop: its statements would
    # otherwise be cancelled at the service's budget (campus.process.deadline_backend).
    app = ServiceApp(name="identity", urlconf=None, scope=DatabaseScope("identity", {}))
    token = app._deadline({"PATH_INFO": TOKEN_PATH}).remaining()
    other = app._deadline({"PATH_INFO": "/courses"}).remaining()
    assert other <= DEFAULT_BUDGET_S < token <= TOKEN_TIMEOUT_S
