"""A burst of clients: 200 new connections POSTing at once each get an HTTP answer (no reset,
so no client is left not knowing whether its write happened), and the duplicate guard holds."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from bearer_tokens import staff_auth
from demo_courses import OPEN_COURSE

from campus.embedded import Platform
from campus.enrollments.models import Enrollment

CLIENTS = 200


@pytest.fixture(params=["monolith", "microservices"])
def platform(request):
    """Each architecture, with a deadline longer than the burst: 200 requests queue for four
    server threads on two cores, so the default 1 s budget would end the last ones' calls to the
    catalog (a 503), and this test is about framing and the duplicate guard, not deadlines."""
    with Platform(request.param, environ={**os.environ, "CAMPUS_DEADLINE": "60"}) as running:
        yield running


def _burst(url: str, bodies: list[dict]) -> list[int | str]:
    """POST every body at once, each on its own new connection: the statuses, or the error
    a client got instead of an answer."""
    start = threading.Barrier(len(bodies))

    staff = staff_auth()

    def post(body: dict) -> int | str:
        start.wait()
        try:
            return requests.post(url, json=body, timeout=60, auth=staff).status_code
        except requests.RequestException as exc:
            return repr(exc)

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(post, bodies))


@pytest.mark.timeout(180)
def test_a_burst_of_distinct_enrollments_is_answered_in_full(platform, rows):
    bodies = [{"learner": f"learner-{n}", "course_key": OPEN_COURSE} for n in range(CLIENTS)]
    statuses = _burst(platform.url("enrollments") + "/enrollments", bodies)
    assert statuses == [201] * CLIENTS
    assert rows(platform, Enrollment) == CLIENTS


@pytest.mark.timeout(180)
def test_a_burst_of_the_same_enrollment_makes_one_row_and_199_conflicts(platform, rows):
    bodies = [{"learner": "ada", "course_key": OPEN_COURSE}] * CLIENTS
    statuses = _burst(platform.url("enrollments") + "/enrollments", bodies)
    assert sorted(statuses, key=str) == [201] + [409] * (CLIENTS - 1)
    assert rows(platform, Enrollment) == 1
