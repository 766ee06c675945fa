"""On a running platform: a completion publishes one event, which credentials applies once."""

from datetime import datetime

import pytest

from campus.events import COURSE_COMPLETED

COURSE = "course-v1:CampusX+DJ201+2026"


def _complete(platform, http, learner="grace"):
    enrollments = platform.url("enrollments") + "/enrollments"
    enrollment = http.post(enrollments, json={"learner": learner, "course_key": COURSE}).json()
    return http.post(f"{enrollments}/{enrollment['id']}/complete")


def _certificates(platform, http, learner="grace"):
    return http.get(platform.url("credentials") + "/certificates", params={"learner": learner})


def test_completing_a_course_publishes_one_self_contained_event(platform, http):
    completed = _complete(platform, http).json()
    [event] = platform.bus.published()
    assert event.get_type() == COURSE_COMPLETED
    assert event.get_source() == "/campus/enrollments"
    assert event.get_subject() == COURSE
    data = event.get_data()
    assert (data.pop("learner"), data.pop("course_key")) == ("grace", COURSE)
    completed_at = datetime.fromisoformat(data.pop("completed_at"))
    assert completed_at == datetime.fromisoformat(completed["completed_at"])
    assert data == {}  # exactly the three fields the consumer needs, no more


def test_an_event_delivered_twice_issues_one_certificate(platform, http):
    _complete(platform, http)
    [event] = platform.bus.published()
    platform.bus.redeliver(event.get_id())
    assert len(_certificates(platform, http).json()) == 1
    outcomes = [(d.consumer, d.outcome) for d in platform.bus.deliveries()]
    assert outcomes == [("credentials", "applied"), ("credentials", "duplicate")]


def test_a_refused_completion_publishes_nothing(platform, http):
    first = _complete(platform, http)
    enrollment_id = first.json()["id"]
    again = http.post(platform.url("enrollments") + f"/enrollments/{enrollment_id}/complete")
    assert again.status_code == 409
    assert len(platform.bus.published()) == 1


@pytest.fixture
def broken_consumer(platform):
    def fail(event):
        raise RuntimeError("this consumer is broken")

    platform.bus.subscribe(COURSE_COMPLETED, fail, consumer="broken")
    return platform


def test_a_failing_consumer_does_not_fail_the_completion(broken_consumer, http):
    platform = broken_consumer
    assert _complete(platform, http).status_code == 200
    outcomes = {d.consumer: d.outcome for d in platform.bus.deliveries()}
    assert outcomes == {"credentials": "applied", "broken": "failed"}
    assert len(_certificates(platform, http).json()) == 1
