"""Every failure a view can raise becomes the one JSON error shape with a stable code."""

import pytest
from demo_courses import OPEN_COURSE
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions

from campus.enrollments.models import Enrollment
from campus.errors import Conflict, exception_handler
from campus.http import ServiceUnavailable


@pytest.mark.parametrize(
    ("raised", "status", "code"),
    [
        (Http404("no such row"), 404, "not_found"),
        (PermissionDenied(), 403, "permission_denied"),
        (exceptions.MethodNotAllowed("PATCH"), 405, "method_not_allowed"),
        (exceptions.ParseError(), 400, "parse_error"),
        (Conflict("Taken.", field="key"), 409, "conflict"),
        (ServiceUnavailable("catalog", "refused"), 503, "dependency_unavailable"),
    ],
    ids=lambda value: type(value).__name__,
)
def test_a_raised_failure_is_answered_in_the_error_shape_with_its_code(raised, status, code):
    answer = exception_handler(raised, {})
    assert answer.status_code == status
    assert answer.data["error"]["code"] == code
    assert answer.data["error"]["message"]


def test_a_validation_error_names_each_field_without_calling_it_a_body():
    answer = exception_handler(exceptions.ValidationError({"learner": ["Required."]}), {})
    assert answer.data == {
        "error": {
            "code": "invalid",
            "message": "The request is invalid.",
            "fields": {"learner": ["Required."]},
        }
    }


def test_an_unexpected_exception_is_left_to_the_json_500_handler():
    assert exception_handler(ZeroDivisionError(), {}) is None


SEND_JSON = "Send the body as JSON, with the header Content-Type: application/json."


def test_a_415_says_to_send_json_with_its_content_type():
    raised = exceptions.UnsupportedMediaType("application/x-www-form-urlencoded")
    answer = exception_handler(raised, {})
    assert answer.status_code == 415
    assert answer.data == {
        "error": {
            "code": "unsupported_media_type",
            "message": 'Unsupported media type "application/x-www-form-urlencoded" in request. '
            + SEND_JSON,
        }
    }


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "learner=ada&course_key=" + OPEN_COURSE),
        ("text/plain", '{"learner": "ada", "course_key": "' + OPEN_COURSE + '"}'),
    ],
    ids=["form", "text"],
)
def test_a_body_that_is_not_json_gets_a_415_saying_to_send_json_and_writes_nothing(
    platform, http, refused, rows, content_type, body
):
    answer = http.post(
        platform.url("enrollments") + "/enrollments",
        data=body,
        headers={"Content-Type": content_type},
    )
    error = refused(answer, 415, "unsupported_media_type")
    assert error == {
        "code": "unsupported_media_type",
        "message": f'Unsupported media type "{content_type}" in request. {SEND_JSON}',
    }
    assert rows(platform, Enrollment) == 0
