"""With ``CAMPUS_DASHBOARD_READ_MODEL=on`` the dashboard answers from the read model it keeps of
its neighbours' events: the page the monolith shows, with no call to anyone, and it still
answers when they are all down."""

import pytest
import requests
from bearer_tokens import learner_auth
from demo_courses import OPEN_COURSE
from seat_runs import LIMITED, enrollments_of, limited_run

from campus.embedded import Platform
from campus.enrollments.saga import saga_begin, saga_run

OTHER = "course-v1:CampusX+DJ201+2026"


def ada_enrolled(platform: Platform, http: requests.Session) -> None:
    """ada in two runs, the first completed (so a certificate comes), everything drained."""
    enrollments = platform.url("enrollments") + "/enrollments"
    made = [
        http.post(enrollments, json={"learner": "ada", "course_key": k})
        for k in (OPEN_COURSE, OTHER)
    ]
    assert [m.status_code for m in made] == [201, 201]
    assert http.post(f"{enrollments}/{made[0].json()['id']}/complete").status_code == 200
    assert platform.drain()


@pytest.fixture
def read_model():
    with Platform("microservices", environ={"CAMPUS_DASHBOARD_READ_MODEL": "on"}) as platform:
        yield platform


def test_the_read_model_shows_the_page_the_monolith_shows(read_model, monolith, http):
    pages = []
    for platform in (monolith, read_model):
        ada_enrolled(platform, http)
        page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
        for course in page["courses"]:
            assert course.pop("certificate") is not None or course["status"] == "active"
        pages.append(page)
    assert pages[0] == pages[1]
    assert [c["course_key"] for c in pages[1]["courses"]] == [OPEN_COURSE, OTHER]
    assert pages[1]["courses"][0]["title"] == "Python for Django developers"


def test_a_page_from_the_read_model_calls_no_neighbour(read_model, http):
    ada_enrolled(read_model, http)
    before = len(read_model.trace.hops())
    assert http.get(read_model.url("dashboard") + "/dashboard/ada").status_code == 200
    callers = {hop.caller for hop in read_model.trace.hops()[before:]}
    assert "dashboard" not in callers


def test_the_page_stays_whole_while_every_neighbour_is_down(read_model, http):
    ada_enrolled(read_model, http)
    whole = http.get(read_model.url("dashboard") + "/dashboard/ada").json()
    for name in ("catalog", "enrollments", "credentials"):
        read_model.stop_service(name)
    page = http.get(read_model.url("dashboard") + "/dashboard/ada").json()
    assert page == whole
    assert page["unavailable"] == []


def test_the_read_model_lags_until_the_events_arrive(read_model, http):
    read_model.stop_relay("enrollments")
    answer = http.post(
        read_model.url("enrollments") + "/enrollments",
        json={"learner": "ada", "course_key": OPEN_COURSE},
    )
    assert answer.status_code == 201
    url = read_model.url("dashboard") + "/dashboard/ada"
    assert http.get(url).json()["courses"] == []  # written, not yet announced
    read_model.start_relay("enrollments")
    assert read_model.drain()
    [course] = http.get(url).json()["courses"]
    assert course["status"] == "active"


def test_a_learner_still_sees_only_their_own_page(read_model, http, refused):
    ada_enrolled(read_model, http)
    url = read_model.url("dashboard") + "/dashboard/ada"
    refused(requests.get(url, auth=learner_auth("grace")), 403, "not_own_data")
    assert len(requests.get(url, auth=learner_auth("ada")).json()["courses"]) == 2


@pytest.mark.parametrize("reads", ["monolith", "calls", "read model"])
def test_a_pending_or_rejected_enrollment_is_no_course_on_the_page(http, reads):
    """ada's enrollment in the limited run was rejected, the one in another still waits for its
    saga: the page shows her active run only, however it is read."""
    arch = "monolith" if reads == "monolith" else "microservices"
    environ = {"CAMPUS_DASHBOARD_READ_MODEL": "on" if reads == "read model" else "off"}
    with Platform(arch, environ=environ) as platform:
        made = http.post(
            platform.url("enrollments") + "/enrollments",
            json={"learner": "ada", "course_key": OPEN_COURSE},
        )
        assert made.status_code == 201, made.text
        limited_run(platform, seats=1)
        with enrollments_of(platform) as ports:
            rejected = saga_begin(learner="ada", course_key=LIMITED)
            ended = saga_run(rejected.saga_id, catalog=ports.catalog, events=_Refusing())
            assert ended.status == "rejected"
            saga_begin(learner="ada", course_key=OTHER)  # pending: its saga never ran
        assert platform.drain()
        page = http.get(platform.url("dashboard") + "/dashboard/ada").json()
    assert [c["course_key"] for c in page["courses"]] == [OPEN_COURSE]
    assert page["courses"][0]["status"] == "active"


class _Refusing:
    """An outbox that cannot take the event: the confirming step fails, the seat goes back."""

    def publish(self, event):
        raise RuntimeError("injected")
