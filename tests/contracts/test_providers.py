import json

import requests
from bearer_tokens import staff_auth, staff_header
from demo_courses import OPEN_COURSE
from seat_runs import enrollments_of

from campus.catalog.views import CourseOutput
from campus.contracts import (
    DASHBOARD_OF_CATALOG_V1,
    REJECTED_LEARNER,
    http_verify,
    messages_verify,
)
from campus.contracts.renaming import field_renamed
from campus.enrollments.models import Enrollment
from campus.enrollments.saga import saga_begin, saga_run

COMPLETION = "a course completion"


def _authorization() -> str:
    # Made when the test runs: a token made at import would expire (in 5 minutes) before the
    # tests that come first in a full run are done.
    return staff_header().removeprefix("Authorization: ")


def test_the_catalog_keeps_the_pacts_of_the_dashboard_and_enrollments(pacts, microservices):
    verified = http_verify(
        "catalog",
        microservices.url("catalog"),
        [pacts["dashboard"], pacts["enrollments"]],
        authorization=_authorization(),
    )
    assert (verified.ok, verified.failures) == (True, [])


def test_the_catalog_still_keeps_the_released_dashboards_pact_of_the_deprecated_v1(microservices):
    verified = http_verify(
        "catalog",
        microservices.url("catalog"),
        [DASHBOARD_OF_CATALOG_V1],
        authorization=_authorization(),
    )
    assert (verified.ok, verified.failures) == (True, [])


def _ada_active_and_grace_rejected(microservices) -> None:
    enrollments = microservices.url("enrollments") + "/enrollments"
    body = {"learner": "ada", "course_key": OPEN_COURSE}
    assert requests.post(enrollments, json=body, auth=staff_auth(), timeout=10).status_code == 201
    with enrollments_of(microservices) as ports:  # the confirmation fails: rejected
        saga = saga_begin(learner=REJECTED_LEARNER, course_key=OPEN_COURSE)
        assert saga_run(saga.saga_id, catalog=ports.catalog, events=_Refusing()).reason


def test_enrollments_keeps_the_dashboards_pact_for_active_and_rejected_enrollments(
    pacts, microservices
):
    _ada_active_and_grace_rejected(microservices)
    verified = http_verify(
        "enrollments",
        microservices.url("enrollments"),
        [pacts["dashboard of enrollments"]],
        authorization=_authorization(),
    )
    assert (verified.ok, verified.failures) == (True, [])


def test_a_status_the_dashboard_does_not_know_fails_its_pact(pacts, microservices):
    _ada_active_and_grace_rejected(microservices)
    with enrollments_of(microservices):
        Enrollment.objects.filter(learner=REJECTED_LEARNER).update(status="waitlisted")
    verified = http_verify(
        "enrollments",
        microservices.url("enrollments"),
        [pacts["dashboard of enrollments"]],
        authorization=_authorization(),
    )
    assert verified.ok is False
    assert any("waitlisted" in line for line in verified.failures), verified.failures


class _Refusing:
    def publish(self, event):
        raise RuntimeError("injected: the outbox write failed")


def test_renaming_the_catalogs_title_fails_the_dashboards_pact_and_names_the_field(
    pacts, microservices
):
    with field_renamed(CourseOutput, "title", "name"):
        verified = http_verify(
            "catalog",
            microservices.url("catalog"),
            [pacts["dashboard"]],
            authorization=_authorization(),
        )
    assert verified.ok is False
    assert verified.failures
    assert all("missing the following keys: title" in line for line in verified.failures)


def test_a_renamed_field_is_back_after_the_block(microservices):
    with field_renamed(CourseOutput, "title", "name"):
        pass
    url = microservices.url("catalog") + "/courses"
    courses = requests.get(url, timeout=5, auth=staff_auth()).json()
    assert ("title" in courses[0], "name" in courses[0]) == (True, False)


def test_enrollments_real_completion_event_keeps_the_credentials_pact(pacts, completion_event):
    verified = messages_verify(
        "enrollments", {COMPLETION: completion_event}, [pacts["credentials"]]
    )
    assert (verified.ok, verified.failures) == (True, [])


def test_an_event_whose_payload_renames_the_learner_fails_the_credentials_pact(
    pacts, completion_event
):
    wire = json.loads(completion_event)
    wire["data"]["user"] = wire["data"].pop("learner")
    verified = messages_verify(
        "enrollments", {COMPLETION: json.dumps(wire).encode()}, [pacts["credentials"]]
    )
    assert verified.ok is False
    assert any("learner" in line for line in verified.failures)
