"""Property-based tests generated from the OpenAPI document each service publishes (schemathesis).

Why here: `campus.assembly.urlconfs` publishes /openapi.json for every service and for the monolith,
so one module covers all six documents; the hand-written refusals live beside each service's
own tests (tests/catalog/ and so on).

How it runs:

- The documents are fetched once, at collection, from a platform started for that purpose:
  schemathesis turns each operation into a pytest item when the module is collected, before any
  fixture exists. (Its lazy ``schemathesis.pytest.from_fixture`` loader would avoid that, but with
  pytest 9.2 it fails on ``Function._nodeid``, which pytest no longer has.)
- Every generated request goes to the platform of the module-scoped `served` fixture: one
  microservices build and one monolith, both running for the whole module, so what one request
  writes (a course, an enrollment) is there for the next, as in real use.
- Generation covers valid and invalid data (mode ``all``), in the coverage phase (each
  constraint's boundaries and deliberate violations) and the fuzzing phase (bounded by
  ``max-examples``). It is derandomized and keeps no example database, so CI repeats the same
  requests every run.
- Every request carries a staff member's token (tests/bearer_tokens.py), given to schemathesis as
  its auth (`StaffToken`), so an operation is judged on its data; schemathesis's own
  ``ignored_auth`` check sends each secured operation without it, or with a made-up one, and
  expects a refusal.
- Every schemathesis check runs: no 5xx, status codes, content types and bodies as documented,
  invalid data refused, valid data accepted. A valid-looking request may still be refused by a
  domain rule, so 404 (unknown id), 409 (duplicate) and 422 (unknown or closed course, end before
  start) count as accepting it. The identity's token endpoint cannot accept made-up
  credentials, so there valid-looking data is only held to the documented answers.
"""

import pytest
import requests
import schemathesis
from bearer_tokens import token_make

from campus.embedded import Platform

CONFIG = {
    "generation": {
        "mode": "all",
        "max-examples": 40,
        "deterministic": True,
        "database": "none",
    },
    "checks": {
        "enabled": True,
        "positive_data_acceptance": {"expected-statuses": ["2xx", 404, 409, 422]},
    },
    "operations": [
        {
            "include-operation-id": "token_create",
            "checks": {"positive_data_acceptance": {"enabled": False}},
        }
    ],
}


def _base_urls(microservices: Platform, monolith: Platform) -> dict[str, str]:
    return {**microservices.urls, "monolith": monolith.url("catalog")}


def _published_documents() -> dict[str, dict]:
    with (
        Platform("microservices") as microservices,
        Platform("monolith") as monolith,
        requests.Session() as http,
    ):
        urls = _base_urls(microservices, monolith)
        return {
            name: http.get(url + "/openapi.json", timeout=10).json() for name, url in urls.items()
        }


@schemathesis.auth(refresh_interval=60)  # a fresh token each minute: none expires mid-run
class StaffToken:
    def get(self, case, context):
        return token_make(sub="instructor", scope="learner staff")

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


SCHEMAS = {
    name: schemathesis.openapi.from_dict(document, config=schemathesis.Config.from_dict(CONFIG))
    for name, document in _published_documents().items()
}


@pytest.fixture(scope="module")
def served():
    """Base URL by document name, and a session that keeps connections open across requests."""
    with (
        Platform("microservices") as microservices,
        Platform("monolith") as monolith,
        requests.Session() as http,
    ):
        yield _base_urls(microservices, monolith), http


@schemathesis.pytest.parametrize(**SCHEMAS)
def test_every_generated_request_gets_a_documented_answer_and_never_a_5xx(case, served):
    urls, http = served
    name = case.operation.schema.raw_schema["info"]["title"].removeprefix("campus ")
    case.call_and_validate(base_url=urls[name], session=http)
