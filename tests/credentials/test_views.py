"""Credentials is read-only over HTTP: bad reads get a 4xx in the one error shape, and no request
can issue a certificate."""

import uuid

import pytest
from demo_courses import OPEN_COURSE

from campus.credentials.models import Certificate


@pytest.fixture
def certificates(platform):
    return platform.url("credentials") + "/certificates"


@pytest.mark.parametrize(
    "query", [{}, {"learner": ""}, {"learner": "ada lovelace"}, {"learner": "ada\n"}]
)
def test_a_list_without_a_valid_learner_is_refused_with_400(http, certificates, refused, query):
    error = refused(http.get(certificates, params=query), 400, "invalid")
    assert list(error["fields"]) == ["learner"]


def test_a_learner_without_certificates_gets_an_empty_list(http, certificates):
    listed = http.get(certificates, params={"learner": "nobody"})
    assert (listed.status_code, listed.json()) == (200, [])


def test_an_unknown_certificate_is_answered_with_404(http, certificates, refused):
    unknown = uuid.uuid4()
    error = refused(http.get(f"{certificates}/{unknown}"), 404, "not_found")
    assert str(unknown) in error["message"]


# Named ids: a random value in a test's id differs between pytest-xdist workers, which must all
# collect the same tests.
@pytest.mark.parametrize(
    "text", ["not-a-uuid", "1234", str(uuid.uuid4())[:-1]], ids=["word", "digits", "uuid-short"]
)
def test_a_malformed_certificate_id_is_answered_with_json_404(http, certificates, refused, text):
    refused(http.get(f"{certificates}/{text}"), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", ""), ("PUT", f"/{uuid.uuid4()}"), ("DELETE", f"/{uuid.uuid4()}")],
    ids=["POST", "PUT", "DELETE"],
)
def test_no_method_but_get_is_allowed(platform, http, certificates, rows, refused, method, path):
    body = {"learner": "ada", "course_key": OPEN_COURSE}
    refused(http.request(method, certificates + path, json=body), 405, "method_not_allowed")
    assert rows(platform, Certificate) == 0


def test_a_certificate_is_found_by_its_uuid_in_upper_case_too(platform, http):
    enrolled = http.post(
        platform.url("enrollments") + "/enrollments",
        json={"learner": "ada", "course_key": OPEN_COURSE},
    ).json()
    http.post(platform.url("enrollments") + f"/enrollments/{enrolled['id']}/complete")
    assert platform.drain()
    [certificate] = http.get(platform.url("credentials") + "/certificates?learner=ada").json()
    found = http.get(platform.url("credentials") + f"/certificates/{certificate['uuid'].upper()}")
    assert found.status_code == 200
    assert found.json()["uuid"] == certificate["uuid"]
