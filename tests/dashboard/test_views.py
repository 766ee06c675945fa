"""The dashboard refuses a malformed learner with 400, and still answers when a neighbour is down,
naming the part it could not get."""

import pytest
import requests
from bearer_tokens import token_make
from demo_courses import OPEN_COURSE

from campus.embedded import Platform


@pytest.fixture
def ada_certified(microservices, http):
    """ada holds a completed enrollment, and so a certificate."""
    enrollments = microservices.url("enrollments") + "/enrollments"
    enrollment = http.post(enrollments, json={"learner": "ada", "course_key": OPEN_COURSE}).json()
    assert http.post(f"{enrollments}/{enrollment['id']}/complete").status_code == 200
    assert microservices.drain()  # the certificate comes by event, after the answer


@pytest.mark.parametrize("learner", ["ada%20lovelace", "ada%0A", "%20ada", "%00", "a" * 65])
def test_a_malformed_learner_is_refused_with_400(platform, http, refused, learner):
    error = refused(
        http.get(platform.url("dashboard") + f"/dashboard/{learner}"), 400, "invalid_learner"
    )
    assert list(error["fields"]) == ["learner"]


def test_an_unknown_learner_gets_an_empty_dashboard(platform, http):
    page = http.get(platform.url("dashboard") + "/dashboard/nobody")
    assert page.status_code == 200
    assert page.json() == {"learner": "nobody", "courses": [], "unavailable": []}


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_a_wrong_method_is_refused_with_405(platform, http, refused, method):
    refused(
        http.request(method, platform.url("dashboard") + "/dashboard/ada"),
        405,
        "method_not_allowed",
    )


@pytest.mark.parametrize(
    ("stopped", "course"),
    [
        ("catalog", {"course_key": OPEN_COURSE, "title": None, "status": "completed"}),
        ("credentials", {"course_key": OPEN_COURSE, "certificate": None}),
    ],
)
def test_a_stopped_neighbour_costs_its_part_of_the_page_only(
    microservices, http, ada_certified, stopped, course
):
    microservices.stop_service(stopped)
    page = http.get(microservices.url("dashboard") + "/dashboard/ada")
    assert page.status_code == 200
    assert page.json()["unavailable"] == [stopped]
    [shown] = page.json()["courses"]
    assert shown.items() >= course.items()


def test_a_stopped_enrollments_service_leaves_an_empty_page_that_says_so(microservices, http):
    microservices.stop_service("enrollments")
    page = http.get(microservices.url("dashboard") + "/dashboard/ada")
    assert page.status_code == 200
    assert page.json() == {"learner": "ada", "courses": [], "unavailable": ["enrollments"]}


def test_a_slow_neighbour_costs_its_part_once_the_timeout_passes(http):
    # A timeout the calls that must succeed meet even on a busy machine; a credentials service
    # slower than the page's whole deadline.
    environ = {"CAMPUS_HTTP_TIMEOUT": "0.4", "CAMPUS_DEADLINE": "5"}
    with Platform("microservices", environ=environ) as platform:
        platform.slow_down("credentials", 5)
        page = http.get(platform.url("dashboard") + "/dashboard/ada")
    assert page.status_code == 200
    assert page.json()["unavailable"] == ["credentials"]


def test_a_token_good_at_the_dashboard_only_costs_the_neighbours_parts_not_the_page(
    microservices,
):
    # Good for the dashboard only: the identity refuses to widen it to enrollments or credentials.
    token = token_make(sub="ada", aud=["dashboard"])
    answer = requests.get(
        microservices.url("dashboard") + "/dashboard/ada",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    assert set(answer.json()["unavailable"]) == {"enrollments", "credentials"}
