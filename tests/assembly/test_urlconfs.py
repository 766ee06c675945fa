"""Every service and the monolith publish /health (readiness: 200, or 503 when a database they
own cannot answer or what they wait for is missing), /health/live (touching nothing) and
/openapi.json (a valid OpenAPI 3 document of exactly their own operations)."""

from contextlib import contextmanager

import pytest
import schemathesis
from django.db import connections
from django.test import RequestFactory

from campus.assembly.urlconfs import ReadyApi
from campus.http import ServiceUnavailable
from campus.registry import SERVICES

OPERATIONS = {
    "catalog": {
        "GET /courses",
        "POST /courses",
        "GET /courses/{course_key}",
        "GET /v2/courses",  # the list's second version: the first is deprecated (versions.py)
        "POST /v2/courses",
        "PUT /courses/{course_key}/seats/{reservation_id}",
        "DELETE /courses/{course_key}/seats/{reservation_id}",
    },
    "enrollments": {
        "GET /enrollments",
        "POST /enrollments",
        "GET /enrollments/{enrollment_id}",
        "POST /enrollments/{enrollment_id}/complete",
    },
    "credentials": {
        "GET /certificates",
        "GET /certificates/{certificate_uuid}",
        "GET /grades",
        "POST /grades",
    },
    "dashboard": {"GET /dashboard/{learner}"},
    "identity": {"POST /oauth2/token", "GET /.well-known/jwks.json"},
}


@contextmanager
def database_unopenable(alias: str, folder):
    """Point ``alias`` at a file in a folder that does not exist, so SQLite cannot open it.

    Connections close after every request, so the next request of any server thread tries the
    new name; the real name comes back on leaving, whatever happened inside.
    """
    database = connections.settings[alias]
    name = database["NAME"]
    database["NAME"] = str(folder / "missing" / f"{alias}.sqlite3")
    try:
        yield
    finally:
        database["NAME"] = name


def _operations(document: dict) -> set[str]:
    return {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
    }


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
def test_health_answers_200_when_the_databases_answer(platform, http, service):
    health = http.get(platform.url(service) + "/health")
    assert (health.status_code, health.json()) == (
        200,
        {"status": "ok", "databases_failing": [], "waiting_for": []},
    )


def test_health_answers_503_naming_a_database_that_cannot_be_opened(platform, http, tmp_path):
    alias = "monolith" if platform.arch == "monolith" else "catalog"
    health = platform.url("catalog") + "/health"
    with database_unopenable(alias, tmp_path):
        broken = http.get(health)
    assert broken.status_code == 503
    assert broken.json() == {
        "status": "unavailable",
        "databases_failing": [alias],
        "waiting_for": [],
    }
    assert http.get(health).status_code == 200  # nothing stays broken


def test_one_services_broken_database_leaves_the_others_healthy(microservices, http, tmp_path):
    with database_unopenable("catalog", tmp_path):
        statuses = {
            name: http.get(url + "/health").status_code for name, url in microservices.urls.items()
        }
    assert statuses == {
        "catalog": 503,
        "enrollments": 200,
        "credentials": 200,
        "dashboard": 200,
        "identity": 200,
    }


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
def test_each_service_publishes_a_valid_openapi_3_document_of_its_own_operations(
    microservices, http, service
):
    document = http.get(microservices.url(service) + "/openapi.json").json()
    schemathesis.openapi.from_dict(document).validate()  # raises on an invalid document
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == f"campus {service}"
    assert _operations(document) == OPERATIONS[service]


def test_the_monolith_publishes_one_valid_document_of_every_operation(monolith, http):
    document = http.get(monolith.url("catalog") + "/openapi.json").json()
    schemathesis.openapi.from_dict(document).validate()
    assert document["info"]["title"] == "campus monolith"
    assert _operations(document) == set().union(*OPERATIONS.values())


@pytest.mark.parametrize("path", ["/health", "/openapi.json"])
def test_health_and_the_document_refuse_a_write_with_405(platform, http, refused, path):
    refused(http.post(platform.url("catalog") + path, json={}), 405, "method_not_allowed")


def test_request_bodies_are_published_as_closed_objects(monolith, http):
    document = http.get(monolith.url("catalog") + "/openapi.json").json()
    bodies = [
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        for item in document["paths"].values()
        for operation in item.values()
        # The token endpoint takes a form (RFC 6749), not JSON.
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]
    schemas = document["components"]["schemas"]
    # Both versions of the course list create a course with the same body.
    assert sorted(set(bodies)) == [
        "CourseCreateInputRequest",
        "EnrollmentCreateInputRequest",
        "GradeInputRequest",
    ]
    assert all(schemas[name]["additionalProperties"] is False for name in bodies)


def test_liveness_answers_200_while_the_database_is_broken_and_readiness_503(
    platform, http, tmp_path
):
    # A database outage makes a process unready (no traffic), never dead (restarted).
    alias = "monolith" if platform.arch == "monolith" else "catalog"
    base = platform.url("catalog")
    with database_unopenable(alias, tmp_path):
        live = http.get(base + "/health/live")
        ready = http.get(base + "/health/ready")
    assert (live.status_code, live.json()) == (200, {"status": "alive"})
    assert ready.status_code == 503
    assert ready.json()["databases_failing"] == [alias]


def test_readiness_names_what_it_still_waits_for():
    def no_token():
        raise ServiceUnavailable("identity", "no token before the deadline")

    view = ReadyApi.as_view(checks={"its own token": no_token, "the keys": lambda: None})
    answer = view(RequestFactory().get("/health/ready"))
    assert answer.status_code == 503
    assert answer.data == {
        "status": "unavailable",
        "databases_failing": [],
        "waiting_for": ["its own token"],
    }
