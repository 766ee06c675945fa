"""Django's Host validation (ALLOWED_HOSTS, its DNS-rebinding defence) runs on every request of
every service and of the monolith: a Host this machine does not answer to gets a JSON 400 and
writes nothing, and is not logged as a traceback."""

import json

import pytest
from bearer_tokens import staff_header
from demo_courses import OPEN_COURSE

from campus.enrollments.models import Enrollment

from .raw import send_raw

BODY = json.dumps({"learner": "ada", "course_key": OPEN_COURSE}).encode()


def _post(port: int, host_line: str):
    lines = ["POST /enrollments HTTP/1.1", host_line, staff_header()]
    lines += ["Content-Type: application/json"]
    lines += [f"Content-Length: {len(BODY)}", "Connection: close"]
    head = "\r\n".join(line for line in lines if line) + "\r\n\r\n"
    return send_raw(port, head.encode() + BODY)


def _port(platform) -> int:
    return platform.servers["monolith" if platform.arch == "monolith" else "enrollments"].port


@pytest.mark.parametrize(
    "host_line",
    [
        "Host: attacker.example",
        "Host: attacker.example:{port}",
        "Host: ",
        "",  # no Host at all, in HTTP/1.1
        "Host: 127.0.0.1:abc",
        "Host: 127.0.0.1:99999",
        "Host: 127.0.0.1:{port}\r\nHost: attacker.example",
        "Host: 127.0.0.1@attacker.example",
    ],
    ids=["other-name", "other-name-our-port", "empty", "missing", "port-not-a-number",
         "port-out-of-range", "two-hosts", "userinfo"],
)  # fmt: skip
def test_a_host_not_allowed_gets_400_and_writes_nothing(host_line, platform, rows, capfd):
    answer = _post(_port(platform), host_line.format(port=_port(platform)))
    assert answer.status_line == "HTTP/1.1 400 Bad Request", answer.raw
    assert answer.error()["code"] == "bad_host"
    assert rows(platform, Enrollment) == 0
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST", "127.0.0.1"])
def test_an_allowed_host_is_served(host, platform, rows):
    answer = _post(_port(platform), "Host: " + host.format(port=_port(platform)))
    assert answer.status_line == "HTTP/1.1 201 Created", answer.raw
    assert rows(platform, Enrollment) == 1


def test_every_route_checks_the_host_not_only_writes(microservices, http, refused):
    for service in ("catalog", "enrollments", "credentials", "dashboard"):
        for path in ("/health", "/openapi.json", "/no-such-route"):
            answer = http.get(microservices.url(service) + path, headers={"Host": "evil.example"})
            refused(answer, 400, "bad_host")
