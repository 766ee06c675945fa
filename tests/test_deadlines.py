"""A call's timeout is a deadline: connect, headers and the whole body end by then, however the
neighbour spreads its answer out; the caller then degrades as for any timeout."""

import socket
import threading
import time

import pytest
import requests
from demo_courses import OPEN_COURSE
from django.db import connections

from campus.deadlines import Deadline, DeadlineAdapter, deadline_scope
from campus.embedded import Platform
from campus.enrollments.models import Enrollment
from campus.http import ServiceClient, ServiceUnavailable, Trace

ANSWER = (
    b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n["'
    + b"x" * 16
    + b'"]'
)
HEAD_AT_ONCE = ANSWER.index(b"\r\n\r\n") + 4


@pytest.fixture
def dribbler():
    """dribbler(first) -> URL of a server that sends ``first`` bytes of its answer at once, then
    one byte every 0.1 s (the whole answer would take seconds)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()
    threads = []

    def serve(first: int):
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(65536)  # the request, sent in one piece by requests
                try:
                    conn.sendall(ANSWER[:first])
                    for byte in ANSWER[first:]:
                        if stop.wait(0.1):
                            return
                        conn.sendall(bytes([byte]))
                except OSError:  # the caller gave up and closed: next connection
                    continue

    def start(first: int) -> str:
        threads.append(threading.Thread(target=serve, args=(first,)))
        threads[-1].start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    yield start
    stop.set()
    for thread in threads:
        thread.join()
    listener.close()


@pytest.mark.parametrize("first", [HEAD_AT_ONCE, 0], ids=["body-dribbled", "headers-dribbled"])
def test_an_answer_dribbled_past_the_deadline_fails_as_a_timeout(dribbler, first):
    client = ServiceClient(
        caller="me", callee="slowpoke", base_url=dribbler(first), timeout=0.5, retries=0,
        trace=Trace(),
    )  # fmt: skip
    try:
        started = time.monotonic()
        with pytest.raises(ServiceUnavailable, match=r"slowpoke is unavailable: no answer within"):
            client.get("/things")
        assert time.monotonic() - started < len(ANSWER) * 0.1  # it did not wait for the whole
    finally:
        client.close()
    assert [(h.outcome, h.status) for h in client.trace.hops()] == [("timeout", None)]


def test_the_dashboard_names_a_dribbling_catalog_unavailable(dribbler, http):
    environ = {"CAMPUS_HTTP_TIMEOUT": "0.5", "CAMPUS_CATALOG_URL": dribbler(HEAD_AT_ONCE)}
    with Platform("microservices", environ=environ) as platform:
        # Written straight to enrollments' table: its own calls to the catalog would dribble too.
        Enrollment.objects.using("enrollments").create(learner="ada", course_key=OPEN_COURSE)
        connections["enrollments"].close()
        page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
    assert page["unavailable"] == ["catalog"]


def test_an_answer_within_the_deadline_arrives_whole(dribbler):
    with requests.Session() as session:
        session.mount("http://", DeadlineAdapter())
        with deadline_scope(Deadline.after(30)):
            answer = session.get(dribbler(len(ANSWER) - 3), timeout=30)
    assert answer.json() == ["x" * 16]


@pytest.mark.parametrize("timeout", [(0.5, 2), "2", True, [2]])
def test_a_timeout_in_another_form_is_refused_by_naming_the_one_taken(timeout):
    with pytest.raises(TypeError, match=r"a number of seconds \(int or float\)"):
        ServiceClient(caller="me", callee="you", base_url="http://127.0.0.1:1", timeout=timeout)


def test_a_deadline_counts_down_and_expires():
    deadline = Deadline.after(0.05)
    assert 0 < deadline.remaining() <= 0.05
    assert not deadline.expired
    time.sleep(0.06)
    assert deadline.expired
    assert deadline.remaining() == 0.0
