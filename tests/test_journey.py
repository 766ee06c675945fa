"""The learner journey gives the same answers on the monolith and on the microservices."""

import pytest

from campus.embedded import Platform
from campus.journey import DEMO_COURSE, JourneyFailed, journey_run


def test_the_journey_answers_the_same_on_both_architectures(http):
    with Platform("monolith") as monolith:
        on_monolith = journey_run(monolith, http)
    with Platform("microservices") as microservices:
        on_microservices = journey_run(microservices, http)
    assert on_monolith == on_microservices
    assert on_monolith[-1].answer == {
        "courses": [
            {
                "course_key": DEMO_COURSE,
                "title": "Python for Django developers",
                "status": "completed",
                "certificate_shown": True,
            }
        ],
        "unavailable": [],
    }


def test_the_journey_crosses_services_only_on_the_microservices(http):
    with Platform("monolith") as monolith:
        monolith.trace.clear()
        journey_run(monolith, http)
        assert monolith.trace.hops() == []
    with Platform("microservices") as microservices:
        microservices.trace.clear()
        journey_run(microservices, http)
        microservices.drain()  # the completion's grade, sent from enrollments' task outbox
        assert microservices.trace.edges() == {
            ("enrollments", "catalog"),
            ("enrollments", "credentials"),
            ("dashboard", "catalog"),
            ("dashboard", "enrollments"),
            ("dashboard", "credentials"),
        }


def test_each_step_s_request_id_follows_the_hops_that_step_caused(microservices, http):
    steps = journey_run(microservices, http)
    callees = {
        step.name: sorted(h.callee for h in microservices.trace.hops(request_id=step.request_id))
        for step in steps
    }
    assert callees == {
        "list courses": [],
        "enroll": ["catalog", "catalog"],  # is the run open; then a seat in it (the saga)
        "complete": [],
        "certificates": [],
        "dashboard": ["catalog", "credentials", "enrollments"],
    }


def test_a_journey_into_a_closed_course_stops_at_enroll_naming_the_refusal(monolith, http):
    with pytest.raises(
        JourneyFailed, match=r"enroll: POST /enrollments answered 422.*course_closed"
    ):
        journey_run(monolith, http, course_key="course-v1:CampusX+ARCH301+2025")
