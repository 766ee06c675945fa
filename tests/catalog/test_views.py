"""The catalog's HTTP API refuses bad input with a 4xx in the one error shape and writes nothing."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from bearer_tokens import staff_auth
from demo_courses import OPEN_COURSE

from campus.catalog.models import Course

NEW = {
    "key": "course-v1:CampusX+NEW1+2027",
    "title": "New",
    "start": "2027-01-04",
    "end": "2027-06-04",
}
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def courses(platform, http):
    return platform.url("catalog") + "/courses"


def test_a_valid_course_is_created_with_201(platform, http, courses, rows):
    before = rows(platform, Course)
    created = http.post(courses, json=NEW)
    assert created.status_code == 201
    assert created.json() == {
        **NEW,
        "enrollment_open": True,
        "org": "CampusX",
        "seat_limit": None,
        "seats_left": None,
    }
    assert rows(platform, Course) == before + 1


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ("{", "parse_error", None),
        ('{"key": "course-v1:A+B+C",}', "parse_error", None),
        ('{"title": NaN}', "parse_error", None),
        ("[]", "invalid", "body"),
        ('"a course"', "invalid", "body"),
        ("null", "invalid", "body"),
    ],
    ids=["truncated", "trailing-comma", "nan", "array", "string", "null"],
)
def test_a_body_that_is_not_a_json_object_is_refused_with_400(
    platform, http, courses, rows, refused, body, code, field
):
    before = rows(platform, Course)
    error = refused(http.post(courses, data=body, headers=JSON), 400, code)
    if field:
        assert list(error["fields"]) == [field]
    assert rows(platform, Course) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": 5}, "title"),
        ({"title": ["New"]}, "title"),
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"start": "2027-02-30"}, "start"),
        ({"start": 20270104}, "start"),
        ({"enrollment_open": "yes"}, "enrollment_open"),
        ({"enrollment_open": 1}, "enrollment_open"),
        ({"enrollment_open": None}, "enrollment_open"),
        ({"key": 42}, "key"),
        ({"key": "PY101"}, "key"),
        ({"key": "course-v1:CampusX+PY101"}, "key"),
        ({"key": " course-v1:CampusX+NEW1+2027"}, "key"),
        ({"key": "course-v1:CampusX+NEW1+2027\n"}, "key"),
        ({"key": "course-v1:" + "A" * 250 + "+B+C"}, "key"),
        ({"seat_limit": -1}, "seat_limit"),
        ({"seat_limit": 0}, "seat_limit"),
        ({"seat_limit": 100_001}, "seat_limit"),
        ({"seat_limit": 2.5}, "seat_limit"),
        ({"seat_limit": 30.0}, "seat_limit"),
        ({"seat_limit": "30"}, "seat_limit"),
        ({"seat_limit": True}, "seat_limit"),
        ({"seat_limit": [30]}, "seat_limit"),
        ({"colour": "blue"}, "colour"),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_a_wrong_or_extra_field_is_refused_with_400_naming_it(
    platform, http, courses, rows, refused, change, field
):
    before = rows(platform, Course)
    error = refused(http.post(courses, json={**NEW, **change}), 400, "invalid")
    assert list(error["fields"]) == [field]
    assert rows(platform, Course) == before


def test_missing_fields_are_refused_with_400_naming_each(platform, http, courses, rows, refused):
    error = refused(http.post(courses, json={"title": "New"}), 400, "invalid")
    assert set(error["fields"]) == {"key", "start", "end"}
    assert rows(platform, Course) == 3


def test_an_existing_key_is_refused_with_409(platform, http, courses, rows, refused):
    error = refused(http.post(courses, json={**NEW, "key": OPEN_COURSE}), 409, "course_exists")
    assert list(error["fields"]) == ["key"]
    assert rows(platform, Course) == 3


def test_an_end_before_the_start_is_refused_with_422(platform, http, courses, rows, refused):
    body = {**NEW, "start": "2027-06-04", "end": "2027-01-04"}
    error = refused(http.post(courses, json=body), 422, "course_dates_invalid")
    assert list(error["fields"]) == ["end"]
    assert rows(platform, Course) == 3


def test_a_body_over_the_limit_is_refused_with_413(platform, http, courses, rows, refused):
    body = {**NEW, "title": "x" * (64 * 1024)}
    refused(http.post(courses, json=body), 413, "body_too_large")
    assert rows(platform, Course) == 3


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_body_that_is_not_json_is_refused_with_415(
    platform, http, courses, rows, refused, content_type
):
    answer = http.post(courses, data="key=course-v1:A+B+C", headers={"Content-Type": content_type})
    refused(answer, 415, "unsupported_media_type")
    assert rows(platform, Course) == 3


def test_an_answer_the_client_cannot_accept_is_refused_with_406(http, courses, refused):
    refused(http.get(courses, headers={"Accept": "text/html"}), 406, "not_acceptable")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/courses"),
        ("PUT", f"/courses/{OPEN_COURSE}"),
        ("POST", f"/courses/{OPEN_COURSE}"),
    ],
)
def test_a_wrong_method_is_refused_with_405(platform, http, rows, refused, method, path):
    answer = http.request(method, platform.url("catalog") + path, json=NEW)
    refused(answer, 405, "method_not_allowed")
    assert rows(platform, Course) == 3


@pytest.mark.parametrize(("value", "keys"), [("true", 2), ("false", 1)])
def test_the_list_filters_on_enrollment_open(http, courses, value, keys):
    listed = http.get(courses, params={"enrollment_open": value})
    assert listed.status_code == 200
    assert len(listed.json()) == keys


@pytest.mark.parametrize("value", ["", "yes", "1", "null"])
def test_a_filter_that_is_not_true_or_false_is_refused_with_400(http, courses, refused, value):
    error = refused(http.get(courses, params={"enrollment_open": value}), 400, "invalid")
    assert list(error["fields"]) == ["enrollment_open"]


def test_an_unknown_course_key_is_answered_with_404(http, courses, refused):
    error = refused(http.get(courses + "/course-v1:CampusX+NOPE+2026"), 404, "course_not_found")
    assert "course-v1:CampusX+NOPE+2026" in error["message"]


@pytest.mark.parametrize("key", ["PY101", "course-v1:CampusX+PY101", "course-v1:A+B+C%20", "%00"])
def test_a_malformed_course_key_is_refused_with_400_naming_it(http, courses, refused, key):
    error = refused(http.get(f"{courses}/{key}"), 400, "invalid_course_key")
    assert list(error["fields"]) == ["course_key"]


def test_a_path_that_names_no_endpoint_is_answered_with_json_404(platform, http, refused):
    refused(http.get(platform.url("catalog") + "/courses/a/b"), 404, "not_found")


def test_simultaneous_creates_of_one_key_give_one_201_and_409s_never_a_500(platform, rows):
    url = platform.url("catalog") + "/courses"
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = sorted(
            pool.map(
                lambda _: requests.post(url, json=NEW, auth=staff_auth()).status_code, range(6)
            )
        )
    assert statuses == [201, 409, 409, 409, 409, 409]
    assert rows(platform, Course) == 4
