import json

import pytest
import requests
from bearer_tokens import staff_auth

from campus.assembly.service_events import event_handler
from campus.contracts import (
    credentials_of_completion,
    dashboard_of_catalog,
    dashboard_of_enrollments,
    enrollments_of_catalog,
)
from campus.events import COURSE_COMPLETED, event_to_bytes
from campus.journey import DEMO_COURSE


@pytest.fixture
def pacts(tmp_path, microservices):
    """Every consumer's pact, each written after its consumer's code passed against it."""
    handler = event_handler("credentials", COURSE_COMPLETED)
    return {
        "dashboard": dashboard_of_catalog(tmp_path),
        "dashboard of enrollments": dashboard_of_enrollments(tmp_path),
        "enrollments": enrollments_of_catalog(tmp_path),
        "credentials": credentials_of_completion(tmp_path, handler=handler),
    }


@pytest.fixture
def completion_event(microservices) -> bytes:
    """The wire bytes of a completion event enrollments really published."""
    with requests.Session() as http:
        base = microservices.url("enrollments")
        body = {"learner": "ada", "course_key": DEMO_COURSE}
        enrollment = http.post(base + "/enrollments", json=body, auth=staff_auth()).json()
        http.post(base + f"/enrollments/{enrollment['id']}/complete", auth=staff_auth())
    assert microservices.drain()
    [completed] = [e for e in microservices.bus.published() if e.get_type() == COURSE_COMPLETED]
    return event_to_bytes(completed)


def interactions(pact_file) -> list[str]:
    return [i["description"] for i in json.loads(pact_file.read_text())["interactions"]]
