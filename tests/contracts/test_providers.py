import json

import requests
from bearer_tokens import staff_auth, staff_header

from campus.catalog.views import CourseOutput
from campus.contracts import DASHBOARD_OF_CATALOG_V1, http_verify, messages_verify
from campus.contracts.renaming import field_renamed

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
