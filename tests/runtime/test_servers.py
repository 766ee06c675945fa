"""Loopback servers: bound to 127.0.0.1 only, and stopped without losing a request in flight."""

import json
import socket
import threading
import time

import pytest
import requests

from campus.runtime import Platform
from campus.runtime.servers import LoopbackServer


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
    url = platform.url("catalog") + "/courses/course-v1:CampusX+PY101+2026"
    answers = []
    caller = threading.Thread(target=lambda: answers.append(requests.get(url, timeout=5)))
    caller.start()
    try:
        _wait_until_busy(platform.apps["catalog"])
    finally:
        platform.stop()
        caller.join()
    assert [a.status_code for a in answers] == [200]


def test_a_body_shorter_than_its_content_length_gets_408_instead_of_holding_a_thread(monkeypatch):
    from campus.runtime import servers

    monkeypatch.setattr(servers._Handler, "timeout", 0.3)
    with Platform("microservices") as platform:
        head = (
            "POST /courses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 100\r\n\r\n"
        )
        answer = _send_raw(platform.servers["catalog"].port, head.encode() + b'{"key":')
        status_line, _, body = answer.partition("\r\n")
        assert status_line == "HTTP/1.1 408 Request Timeout"
        assert '"code": "request_timeout"' in body
        courses = requests.get(platform.url("catalog") + "/courses", timeout=5).json()
        assert len(courses) == 3  # nothing was written


@pytest.mark.parametrize(
    ("sent", "status_line", "code"),
    [
        (
            b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
            "414 Request-URI Too Long",
            "request-uri_too_long",
        ),
        (
            b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
            "431 Request Header Fields Too Large",
            "request_header_fields_too_large",
        ),
        # Not even HTTP/1.x: the answer is HTTP/0.9, a body with no status line or headers.
        (b"GARBAGE\r\n\r\n", None, "bad_request"),
    ],
)
def test_a_request_refused_before_django_still_gets_a_json_error(sent, status_line, code):
    with Platform("monolith") as platform:
        answer = _send_raw(platform.servers["monolith"].port, sent)
    if status_line is None:
        body = answer
    else:
        head, _, body = answer.partition("\r\n\r\n")
        assert head.startswith(f"HTTP/1.1 {status_line}\r\n")
        assert "Content-Type: application/json" in head
    assert json.loads(body)["error"]["code"] == code


def _send_raw(port: int, data: bytes) -> str:
    """Send bytes no HTTP client would send, and read the answer until the server closes."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.settimeout(5)
        conn.sendall(data)
        return b"".join(iter(lambda: conn.recv(4096), b"")).decode()
