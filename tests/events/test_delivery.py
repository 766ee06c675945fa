"""On a running platform: a completion goes through the outbox and the relay to the bus, after the
request has returned, and credentials applies it once."""

import threading
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
    assert platform.drain()
    [event] = platform.bus.published(COURSE_COMPLETED)
    assert event.get_source() == "/campus/enrollments"
    assert event.get_subject() == COURSE
    data = event.get_data()
    assert (data.pop("learner"), data.pop("course_key")) == ("grace", COURSE)
    completed_at = datetime.fromisoformat(data.pop("completed_at"))
    assert completed_at == datetime.fromisoformat(completed["completed_at"])
    assert data == {}  # exactly the three fields the consumer needs, no more


def test_an_event_delivered_twice_issues_one_certificate(platform, http):
    _complete(platform, http)
    assert platform.drain()
    [event] = platform.bus.published(COURSE_COMPLETED)
    platform.bus.redeliver(event.get_id())
    assert platform.drain()
    assert len(_certificates(platform, http).json()) == 1
    outcomes = [(d.consumer, d.outcome) for d in platform.bus.deliveries(COURSE_COMPLETED)]
    assert sorted(outcomes) == [
        ("credentials", "applied"),
        ("credentials", "duplicate"),
        ("dashboard", "applied"),
        ("dashboard", "duplicate"),
    ]


def test_a_refused_completion_publishes_nothing(platform, http):
    first = _complete(platform, http)
    enrollment_id = first.json()["id"]
    again = http.post(platform.url("enrollments") + f"/enrollments/{enrollment_id}/complete")
    assert again.status_code == 409
    assert platform.drain()
    assert len(platform.bus.published(COURSE_COMPLETED)) == 1


@pytest.fixture
def blocked_consumer(platform):
    """credentials' handler held until the test lets it go: the event is still in flight."""
    release = threading.Event()
    platform.bus.subscribe(COURSE_COMPLETED, lambda event: release.wait(10), consumer="slow")
    yield release
    release.set()


def test_the_completion_answers_before_any_consumer_has_run(platform, http, blocked_consumer):
    assert _complete(platform, http).status_code == 200
    assert not platform.drain(timeout=0.2)  # the slow consumer still holds its event
    blocked_consumer.set()
    assert platform.drain()
    assert {d.consumer: d.outcome for d in platform.bus.deliveries(COURSE_COMPLETED)} == {
        "credentials": "applied",
        "dashboard": "applied",
        "slow": "applied",
    }


@pytest.fixture
def broken_consumer(platform):
    def fail(event):
        raise RuntimeError("this consumer is broken")

    platform.bus.subscribe(COURSE_COMPLETED, fail, consumer="broken")
    return platform


def test_a_failing_consumer_is_retried_then_dead_lettered_without_failing_the_completion(
    broken_consumer, http
):
    platform = broken_consumer
    assert _complete(platform, http).status_code == 200
    assert platform.drain()
    broken = [d.outcome for d in platform.bus.deliveries() if d.consumer == "broken"]
    assert broken == ["retrying"] * (platform.bus.max_attempts - 1) + ["dead_lettered"]
    [dead] = platform.bus.dead_letters()
    assert (dead.consumer, dead.attempts) == ("broken", platform.bus.max_attempts)
    assert dead.error == "RuntimeError: this consumer is broken"
    assert len(_certificates(platform, http).json()) == 1
