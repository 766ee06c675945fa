"""Request framing follows RFC 9112: a message the server cannot frame exactly one way is
refused with a JSON 400 (or 413, 501) and its connection is closed, so no byte of it is ever
read as a second request. Sent over raw sockets, since no HTTP client sends these."""

import json
import re

import pytest
from bearer_tokens import staff_header

from campus.catalog.models import Course

from .raw import send_raw

NEW = json.dumps(
    {
        "key": "course-v1:CampusX+NEW1+2027",
        "title": "New",
        "start": "2027-01-04",
        "end": "2027-06-04",
    }
).encode()
SMUGGLED = b"POST /courses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"


def _post(*header_lines: str, body: bytes = NEW) -> bytes:
    head = ["POST /courses HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    head.append(staff_header())  # made when the request is: framing is refused before it counts
    return ("\r\n".join([*head, *header_lines]) + "\r\n\r\n").encode() + body


@pytest.mark.parametrize(
    "sent",
    [
        # A space before the colon: http.server ended the headers there and served the body
        # (here a whole second request) as the next request.
        _post(f"Content-Length : {len(SMUGGLED)}", body=SMUGGLED),
        _post("Transfer-Encoding : chunked", body=b"5\r\nhello\r\n0\r\n\r\n" + SMUGGLED),
        _post("Content-Length: 8_9"),
        _post("Content-Length: +89"),
        _post("Content-Length: -5"),
        _post("Content-Length: many"),
        _post(f"Content-Length: {len(NEW)}", "Content-Length: 7"),
        _post(f"Content-Length: {len(NEW)}", "Content-Length:\t7"),
        # HTTP/1.0 has no chunked coding: its framing is faulty (RFC 9112 section 6.1).
        _post("Transfer-Encoding: chunked").replace(b"HTTP/1.1", b"HTTP/1.0", 1),
        # Both framings at once: a proxy in front might pick the other one.
        _post("Content-Length: 4", "Transfer-Encoding: chunked", body=b"5\r\nhello\r\n0\r\n\r\n"),
        # A bare LF is not a line ending in a request (RFC 9112 section 2.2 lets us refuse it).
        _post(f"Content-Length: {len(NEW)}").replace(b"Host: 127.0.0.1\r\n", b"Host: a\n", 1),
    ],
    ids=[
        "space-before-colon-content-length",
        "space-before-colon-transfer-encoding",
        "underscore-in-length",
        "plus-sign-length",
        "negative-length",
        "word-length",
        "two-different-lengths",
        "two-lengths-with-tab",
        "http-1.0-chunked",
        "length-and-chunked",
        "bare-lf",
    ],
)
def test_a_message_with_faulty_framing_gets_one_json_400_and_a_closed_connection(
    sent, platform, rows
):
    answer = send_raw(platform.servers[next(iter(platform.servers))].port, sent + SMUGGLED)
    assert answer.status_line.endswith(" 400 Bad Request"), answer.raw
    assert answer.headers["connection"] == "close"
    assert answer.error()["code"] == "bad_request"
    # Nothing after it: no smuggled second request was answered.
    assert len(re.findall(rb"HTTP/1\.[01] [0-9]{3} ", answer.raw)) == 1
    assert rows(platform, Course) == 3


def test_an_expect_continue_with_a_body_over_the_limit_gets_413_and_never_100(microservices):
    sent = _post("Content-Length: 3000000", "Expect: 100-continue", body=b"")
    answer = send_raw(microservices.servers["catalog"].port, sent)
    assert b"100 Continue" not in answer.raw
    assert answer.status_line.endswith(" 413 Request Entity Too Large")
    assert answer.headers["connection"] == "close"
    error = answer.error()
    assert (error["code"], error["message"]) == (
        "body_too_large",
        "The body is 3000000 bytes; the limit is 65536.",
    )


def test_an_expect_continue_within_the_limit_gets_100_then_the_answer(microservices, rows):
    sent = _post(f"Content-Length: {len(NEW)}", "Expect: 100-continue", "Connection: close")
    answer = send_raw(microservices.servers["catalog"].port, sent)
    assert answer.status_line == "HTTP/1.1 100 Continue"
    assert b"\r\n\r\nHTTP/1.1 201 Created\r\n" in answer.raw
    assert rows(microservices, Course) == 4


@pytest.mark.parametrize(
    "request_line", [b"GET /health\r\n", b"GET /health\r\n\r\n", b"GARBAGE\r\n"]
)
def test_a_request_line_without_an_http_1_version_is_refused_at_once(request_line, monolith):
    # No blank line needed: the server answers when the line ends, not at its timeout.
    answer = send_raw(monolith.servers["monolith"].port, request_line, timeout=3)
    assert answer.status_line.endswith(" 400 Bad Request")
    assert "HTTP/1.1" in answer.error()["message"]


def test_an_unknown_transfer_coding_is_refused_with_501(microservices):
    answer = send_raw(microservices.servers["catalog"].port, _post("Transfer-Encoding: gzip"))
    assert answer.status_line.endswith(" 501 Not Implemented")
    assert answer.error() == {
        "code": "not_implemented",
        "message": "Only the chunked Transfer-Encoding is supported.",
    }


def test_a_chunked_body_is_read_like_any_other(platform, http, rows):
    # RFC 9112 requires HTTP/1.1 servers to read chunked bodies; requests sends a generator so.
    chunks = iter([NEW[:20], NEW[20:]])
    answer = http.post(
        platform.url("catalog") + "/courses",
        data=chunks,
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 201, answer.text
    assert rows(platform, Course) == 4


@pytest.mark.parametrize("arch", ["monolith", "microservices"])
def test_a_head_answer_has_no_body_so_the_next_answer_on_the_connection_is_read_whole(
    arch, request
):
    platform = request.getfixturevalue(arch)
    pipelined = (
        b"HEAD /courses HTTP/1.1\r\nHost: 127.0.0.1\r\n" + staff_header().encode() + b"\r\n\r\n"
        b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    raw = send_raw(platform.servers[next(iter(platform.servers))].port, pipelined).raw
    head, _, after_head = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"content-length" in head.lower()  # the GET's length, announced and not sent
    assert after_head.startswith(b"HTTP/1.1 200")
    assert json.loads(after_head.partition(b"\r\n\r\n")[2]) == {
        "status": "ok",
        "databases_failing": [],
        "waiting_for": [],
    }
