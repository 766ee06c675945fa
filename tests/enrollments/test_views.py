"""Enrollments refuse bad input with a 4xx in the one error shape, and a refusal writes nothing:
no row, and no ``course.completed`` event."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from bearer_tokens import staff_auth
from demo_courses import OPEN_COURSE

from campus.enrollments.models import Enrollment
from campus.events import COURSE_COMPLETED

CLOSED = "course-v1:CampusX+ARCH301+2025"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def enrollments(platform):
    return platform.url("enrollments") + "/enrollments"


@pytest.fixture
def enrolled(http, enrollments):
    """An active enrollment of ada in the open demo course."""
    answer = http.post(enrollments, json={"learner": "ada", "course_key": OPEN_COURSE})
    assert answer.status_code == 201
    return answer.json()


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ('{"learner": "ada", ', "parse_error", None),
        (b'{"learner": "\xff"}', "parse_error", None),
        ("[]", "invalid", "body"),
        ("null", "invalid", "body"),
        ("", "invalid", None),
    ],
    ids=["truncated", "not-utf8", "array", "null", "empty"],
)
def test_a_body_that_is_not_a_json_object_is_refused_with_400(
    platform, http, enrollments, rows, refused, body, code, field
):
    error = refused(http.post(enrollments, data=body, headers=JSON), 400, code)
    if field:
        assert list(error["fields"]) == [field]
    assert rows(platform, Enrollment) == 0


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"learner": "ada"}, {"course_key"}),
        ({"course_key": OPEN_COURSE}, {"learner"}),
        ({}, {"learner", "course_key"}),
        ({"learner": 7, "course_key": OPEN_COURSE}, {"learner"}),
        ({"learner": ["ada"], "course_key": OPEN_COURSE}, {"learner"}),
        ({"learner": None, "course_key": OPEN_COURSE}, {"learner"}),
        ({"learner": "ada lovelace", "course_key": OPEN_COURSE}, {"learner"}),
        ({"learner": "ada\n", "course_key": OPEN_COURSE}, {"learner"}),
        ({"learner": "a" * 65, "course_key": OPEN_COURSE}, {"learner"}),
        ({"learner": "ada", "course_key": {"key": OPEN_COURSE}}, {"course_key"}),
        ({"learner": "ada", "course_key": "PY101"}, {"course_key"}),
        ({"learner": "ada", "course_key": OPEN_COURSE + " "}, {"course_key"}),
        ({"learner": "ada", "course_key": OPEN_COURSE, "status": "completed"}, {"status"}),
    ],
    # A set's order changes from one process to the next: sorted, each worker names it alike.
    ids=lambda value: repr(sorted(value) if isinstance(value, set) else value)[:48],
)
def test_a_missing_wrong_or_extra_field_is_refused_with_400_naming_it(
    platform, http, enrollments, rows, refused, body, fields
):
    error = refused(http.post(enrollments, json=body), 400, "invalid")
    assert set(error["fields"]) == fields
    assert rows(platform, Enrollment) == 0


def test_an_unknown_course_is_refused_with_422(platform, http, enrollments, rows, refused):
    body = {"learner": "ada", "course_key": "course-v1:CampusX+NOPE+2026"}
    error = refused(http.post(enrollments, json=body), 422, "course_not_found")
    assert list(error["fields"]) == ["course_key"]
    assert rows(platform, Enrollment) == 0


def test_a_closed_course_is_refused_with_422(platform, http, enrollments, rows, refused):
    body = {"learner": "ada", "course_key": CLOSED}
    error = refused(http.post(enrollments, json=body), 422, "course_closed")
    assert list(error["fields"]) == ["course_key"]
    assert rows(platform, Enrollment) == 0


def test_a_duplicate_enrollment_is_refused_with_409(
    platform, http, enrollments, enrolled, rows, refused
):
    again = http.post(enrollments, json={"learner": "ada", "course_key": OPEN_COURSE})
    refused(again, 409, "already_enrolled")
    assert rows(platform, Enrollment) == 1


def test_a_body_over_the_limit_is_refused_with_413(platform, http, enrollments, rows, refused):
    body = {"learner": "ada", "course_key": OPEN_COURSE, "padding": "x" * (64 * 1024)}
    refused(http.post(enrollments, json=body), 413, "body_too_large")
    assert rows(platform, Enrollment) == 0


def test_a_body_that_is_not_json_is_refused_with_415(platform, http, enrollments, rows, refused):
    form = {"learner": "ada", "course_key": OPEN_COURSE}
    refused(http.post(enrollments, data=form), 415, "unsupported_media_type")
    assert rows(platform, Enrollment) == 0


@pytest.mark.parametrize(
    ("method", "path"), [("DELETE", ""), ("PUT", "/1"), ("GET", "/1/complete")]
)
def test_a_wrong_method_is_refused_with_405(http, enrollments, enrolled, refused, method, path):
    refused(http.request(method, enrollments + path, json={}), 405, "method_not_allowed")
    assert http.get(f"{enrollments}/{enrolled['id']}").json() == enrolled


@pytest.mark.parametrize(
    ("query", "field"),
    [({}, "learner"), ({"learner": ""}, "learner"), ({"learner": "a b"}, "learner")],
)
def test_a_list_without_a_valid_learner_is_refused_with_400(
    http, enrollments, refused, query, field
):
    error = refused(http.get(enrollments, params=query), 400, "invalid")
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize("path", ["/999", "/999/complete"])
def test_an_unknown_enrollment_id_is_answered_with_404(platform, http, enrollments, refused, path):
    method = "POST" if path.endswith("complete") else "GET"
    error = refused(http.request(method, enrollments + path), 404, "enrollment_not_found")
    assert "999" in error["message"]
    assert platform.drain()
    assert platform.bus.published(COURSE_COMPLETED) == []


@pytest.mark.parametrize("enrollment_id", ["abc", "-1", "1.5", "9" * 19])
def test_an_id_that_is_not_a_row_id_is_answered_with_json_404(
    http, enrollments, refused, enrollment_id
):
    refused(http.get(f"{enrollments}/{enrollment_id}"), 404, "not_found")


def test_completing_twice_is_refused_with_409_and_announced_once(
    platform, http, enrollments, enrolled, refused
):
    complete = f"{enrollments}/{enrolled['id']}/complete"
    assert http.post(complete).status_code == 200
    refused(http.post(complete), 409, "already_completed")
    assert platform.drain()
    assert len(platform.bus.published(COURSE_COMPLETED)) == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ('{"status": "completed"}', "application/json", 400, "invalid"),
        ("{", "application/json", 400, "parse_error"),
        ("[]", "application/json", 400, "invalid"),
        ("done", "text/plain", 415, "unsupported_media_type"),
    ],
    ids=["extra-field", "malformed", "array", "text"],
)
def test_completing_with_a_body_is_refused_and_completes_nothing(
    platform, http, enrollments, enrolled, refused, body, content_type, status, code
):
    complete = f"{enrollments}/{enrolled['id']}/complete"
    refused(http.post(complete, data=body, headers={"Content-Type": content_type}), status, code)
    assert http.get(f"{enrollments}/{enrolled['id']}").json()["status"] == "active"
    assert platform.drain()
    assert platform.bus.published(COURSE_COMPLETED) == []


def test_completing_with_an_empty_json_object_is_accepted(http, enrollments, enrolled):
    completed = http.post(f"{enrollments}/{enrolled['id']}/complete", json={})
    assert completed.status_code == 200
    assert completed.json()["status"] == "completed"


def test_simultaneous_duplicates_give_one_201_and_409s_never_a_500(platform, rows):
    body = {"learner": "ada", "course_key": OPEN_COURSE}
    url = platform.url("enrollments") + "/enrollments"
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(
            pool.map(
                lambda _: requests.post(url, json=body, auth=staff_auth()).status_code, range(6)
            )
        )
    assert statuses == [201, 409, 409, 409, 409, 409]
    assert rows(platform, Enrollment) == 1
