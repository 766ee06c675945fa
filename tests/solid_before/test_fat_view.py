import json

from django.test import RequestFactory

from campus.credentials.models import Certificate
from campus.enrollments.models import Enrollment
from campus.journey import DEMO_COURSE
from campus.solid_before.fat_view import EnrollView
from campus.solid_before.imports import imports_check

OTHER_SERVICES = ["campus.catalog", "campus.credentials"]


def _post(body) -> tuple[int, dict]:
    request = RequestFactory().post("/enroll", data=body, content_type="application/json")
    response = EnrollView.as_view()(request)
    return response.status_code, json.loads(response.content)


def test_the_fat_view_enrolls_and_certifies_on_the_monolith(on_the_monolith):
    status, body = _post({"learner": "ada", "course_key": DEMO_COURSE, "completed": True})
    assert (status, body["status"]) == (201, "completed")
    assert Certificate.objects.filter(learner="ada", course_key=DEMO_COURSE).count() == 1


def test_the_fat_view_refuses_a_malformed_body_and_writes_nothing(on_the_monolith):
    status, body = _post("{not json")
    assert (status, body["error"]["code"]) == (400, "invalid")
    assert Enrollment.objects.count() == 0


def test_the_fat_view_breaks_the_service_boundary_that_enrollments_keeps():
    before, report = imports_check("campus.solid_before.fat_view", forbidden=OTHER_SERVICES)
    after, _ = imports_check("campus.enrollments", forbidden=OTHER_SERVICES)
    assert (before, after) == (False, True)
    assert "campus.solid_before.fat_view -> campus.catalog.models" in report
