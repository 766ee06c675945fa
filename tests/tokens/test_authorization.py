"""Who may do what, with good tokens: a learner reaches only their own enrollments, dashboard and
certificates; completing needs the staff scope; no request creates a certificate; a service's own
token reads the catalog and nothing that belongs to a learner. Both architectures."""

import pytest
import requests
from bearer_tokens import TokenAuth, learner_auth, staff_auth
from demo_courses import OPEN_COURSE
from rest_framework.test import APIRequestFactory

from campus.credentials.models import Certificate
from campus.enrollments.models import Enrollment
from campus.tokens.drf import Forbidden, Principal, ScopeRequired
from campus.tokens.scopes import SERVICE


def _enroll(platform, learner, auth):
    body = {"learner": learner, "course_key": OPEN_COURSE}
    return requests.post(platform.url("enrollments") + "/enrollments", json=body, auth=auth)


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("dashboard", "/dashboard/grace"),
        ("enrollments", "/enrollments?learner=grace"),
        ("credentials", "/certificates?learner=grace"),
    ],
)
def test_a_learner_is_refused_another_learners_data_and_staff_is_not(
    platform, refused, service, path
):
    url = platform.url(service) + path
    error = refused(requests.get(url, auth=learner_auth("ada")), 403, "not_own_data")
    assert "grace" not in error["message"]  # for data found by id, whose it is stays unsaid
    assert requests.get(url, auth=learner_auth("grace")).status_code == 200
    assert requests.get(url, auth=staff_auth()).status_code == 200


def test_a_learner_cannot_enroll_someone_else_and_nothing_is_written(platform, refused, rows):
    refused(_enroll(platform, "grace", learner_auth("ada")), 403, "not_own_data")
    assert rows(platform, Enrollment) == 0
    assert _enroll(platform, "ada", learner_auth("ada")).status_code == 201


def test_one_enrollment_or_certificate_is_shown_only_to_its_learner(platform, refused):
    enrollment = _enroll(platform, "ada", learner_auth("ada")).json()
    url = platform.url("enrollments") + f"/enrollments/{enrollment['id']}"
    assert requests.get(url, auth=learner_auth("ada")).status_code == 200
    refused(requests.get(url, auth=learner_auth("grace")), 403, "not_own_data")
    requests.post(url + "/complete", auth=staff_auth()).raise_for_status()
    assert platform.drain()
    [certificate] = requests.get(
        platform.url("credentials") + "/certificates?learner=ada", auth=learner_auth("ada")
    ).json()
    one = platform.url("credentials") + f"/certificates/{certificate['uuid']}"
    assert requests.get(one, auth=learner_auth("ada")).status_code == 200
    refused(requests.get(one, auth=learner_auth("grace")), 403, "not_own_data")


def test_completing_needs_the_staff_scope_and_a_refusal_issues_no_certificate(
    platform, refused, rows
):
    enrollment = _enroll(platform, "ada", learner_auth("ada")).json()
    url = platform.url("enrollments") + f"/enrollments/{enrollment['id']}/complete"
    error = refused(requests.post(url, auth=learner_auth("ada")), 403, "insufficient_scope")
    assert "staff" in error["message"]
    assert platform.drain()
    assert rows(platform, Certificate) == 0
    assert requests.post(url, auth=staff_auth()).json()["status"] == "completed"


def test_no_request_creates_a_certificate_even_with_the_staff_scope(platform):
    url = platform.url("credentials") + "/certificates"
    body = {"learner": "ada", "course_key": OPEN_COURSE}
    assert requests.post(url, json=body, auth=staff_auth()).status_code == 405


def test_creating_a_course_run_needs_the_staff_scope(platform, refused):
    body = {"key": "course-v1:CampusX+NEW1+2026", "title": "New", "start": "2026-01-01"}
    body["end"] = "2026-06-01"
    url = platform.url("catalog") + "/courses"
    refused(requests.post(url, json=body, auth=learner_auth("ada")), 403, "insufficient_scope")
    assert requests.post(url, json=body, auth=staff_auth()).status_code == 201


def test_a_services_own_token_reads_the_catalog_and_no_learners_data(platform, refused):
    own = TokenAuth(sub="dashboard", scope=SERVICE)
    assert requests.get(platform.url("catalog") + "/courses", auth=own).status_code == 200
    for service, path in (("enrollments", "/enrollments"), ("credentials", "/certificates")):
        answer = requests.get(platform.url(service) + path + "?learner=ada", auth=own)
        refused(answer, 403, "insufficient_scope")


def test_a_handler_whose_method_declares_no_scope_is_closed_not_open():
    class _View:
        scopes = {"GET": ("learner",)}

        def get(self): ...

        def delete(self): ...  # added without its scopes

    request = APIRequestFactory().delete("/")
    request.user = Principal("instructor", frozenset({"learner", "staff", "service"}), {})
    with pytest.raises(Forbidden, match="DELETE declares no scope"):
        ScopeRequired().has_permission(request, _View())
    request = APIRequestFactory().put("/")  # no handler at all: DRF's 405, not ours
    request.user = Principal("ada", frozenset({"learner"}), {})
    assert ScopeRequired().has_permission(request, _View())
