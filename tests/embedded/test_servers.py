"""Loopback servers: bound to 127.0.0.1 only, and stopped without losing a request in flight."""

import re
import socket
import threading
import time

import pytest
import requests
from bearer_tokens import staff_auth
from demo_courses import OPEN_COURSE

from campus.embedded import Platform, servers
from campus.embedded.servers import LoopbackServer

from .raw import send_raw


def hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]


def _wait_until_busy(app, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while app.wait_idle(0):  # True means no request is in flight yet
        assert time.monotonic() < deadline, "the request never reached the service"
        time.sleep(0.005)


def test_a_server_listens_on_loopback_on_a_free_port_and_serves_its_app(http):
    server = LoopbackServer(name="hello").start(hello)
    try:
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert server.port > 0
        assert http.get(server.url).text == "hello"
    finally:
        server.stop()


def test_a_server_bound_but_never_started_releases_its_port_on_stop():
    server = LoopbackServer(name="unused")
    server.stop()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", server.port))


def test_stopping_twice_is_harmless(http):
    server = LoopbackServer(name="hello").start(hello)
    http.get(server.url)
    server.stop()
    server.stop()
    with pytest.raises(requests.ConnectionError):
        http.get(server.url, timeout=1)


def test_a_stop_lets_the_request_in_flight_finish():
    platform = Platform("microservices").start()
    platform.slow_down("catalog", 0.2)
    url = platform.url("catalog") + f"/courses/{OPEN_COURSE}"
    staff = staff_auth()
    answers = []
    caller = threading.Thread(
        target=lambda: answers.append(requests.get(url, timeout=5, auth=staff))
    )
    caller.start()
    try:
        _wait_until_busy(platform.apps["catalog"])
    finally:
        platform.stop()
        caller.join()
    assert [a.status_code for a in answers] == [200]


def test_a_body_shorter_than_its_content_length_gets_408_instead_of_holding_a_thread(
    monkeypatch, capfd
):
    monkeypatch.setattr(servers, "CHANNEL_TIMEOUT_S", 1)
    with Platform("microservices") as platform:
        head = (
            "POST /courses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 100\r\n\r\n"
        )
        answer = send_raw(platform.servers["catalog"].port, head.encode() + b'{"key":')
        assert answer.status_line == "HTTP/1.1 408 Request Timeout"
        assert answer.error()["code"] == "request_timeout"
        courses = requests.get(
            platform.url("catalog") + "/courses", timeout=5, auth=staff_auth()
        ).json()
        assert len(courses) == 3  # nothing was written
    assert capfd.readouterr().err == ""


def test_an_idle_keep_alive_connection_is_closed_at_its_timeout_without_a_word(monkeypatch, capfd):
    monkeypatch.setattr(servers, "CHANNEL_TIMEOUT_S", 1)
    with Platform("monolith") as platform:
        sent = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        answer = send_raw(platform.servers["monolith"].port, sent)  # returns once closed
        assert answer.status_line == "HTTP/1.1 200 OK"
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


@pytest.mark.parametrize(
    ("sent", "status", "code"),
    [
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414, "request_uri_too_long"),
        (
            b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
            431,
            "request_header_fields_too_large",
        ),
        (b"GARBAGE\r\n\r\n", 400, "bad_request"),
    ],
)
def test_a_request_refused_before_django_still_gets_a_json_error(sent, status, code):
    with Platform("monolith") as platform:
        answer = send_raw(platform.servers["monolith"].port, sent)
    assert re.fullmatch(rf"HTTP/1\.[01] {status} .+", answer.status_line)
    assert answer.headers["connection"] == "close"
    assert answer.error()["code"] == code
