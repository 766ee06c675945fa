"""Grades: a service records one per learner and run (sent twice, stored once); a learner or a
bad body is refused with a 4xx that writes nothing."""

import pytest
from bearer_tokens import TokenAuth, learner_auth
from demo_courses import OPEN_COURSE

from campus.credentials.models import Grade
from campus.tokens.scopes import SERVICE

GRADE = {"learner": "ada", "course_key": OPEN_COURSE, "letter_grade": "Pass", "percent_grade": 1}


def service_auth() -> TokenAuth:
    return TokenAuth(sub="enrollments", scope=SERVICE, client_id="enrollments")


@pytest.fixture
def grades(platform):
    return platform.url("credentials") + "/grades"


def test_a_grade_sent_twice_is_stored_once(platform, http, grades, rows):
    first = http.post(grades, json=GRADE, auth=service_auth())
    again = http.post(grades, json=GRADE, auth=service_auth())
    assert (first.status_code, again.status_code) == (201, 200), again.text
    assert rows(platform, Grade) == 1
    listed = http.get(grades, params={"learner": "ada"}).json()
    assert [(g["letter_grade"], g["percent_grade"]) for g in listed] == [("Pass", 1.0)]


def test_a_new_grade_replaces_the_old_one(microservices, http, rows):
    grades = microservices.url("credentials") + "/grades"
    http.post(grades, json=GRADE, auth=service_auth())
    lower = http.post(grades, json={**GRADE, "letter_grade": "B", "percent_grade": 0.8},
                      auth=service_auth())  # fmt: skip
    assert lower.status_code == 200, lower.text
    assert (lower.json()["letter_grade"], lower.json()["percent_grade"]) == ("B", 0.8)
    assert rows(microservices, Grade) == 1


def test_a_learner_cannot_record_a_grade(microservices, http, rows, refused):
    grades = microservices.url("credentials") + "/grades"
    refused(http.post(grades, json=GRADE, auth=learner_auth("ada")), 403, "insufficient_scope")
    assert rows(microservices, Grade) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"percent_grade": 1.5},
        {"percent_grade": -0.1},
        {"percent_grade": "lots"},
        {"percent_grade": "0.5"},  # a number in a string: the API documents a JSON number
        {"percent_grade": True},
        {"letter_grade": ""},
        {"letter_grade": "A" * 17},
        {"learner": "ada lovelace"},
        {"course_key": "not a key"},
        {"learner": None},
        {"extra": "field"},
    ],
    ids=["above-1", "below-0", "not-a-number", "number-in-a-string", "boolean", "blank-letter",
         "long-letter", "bad-learner",
         "bad-course", "no-learner", "unknown-field"],
)  # fmt: skip
def test_a_bad_grade_is_refused_with_400_and_writes_nothing(
    microservices, http, rows, refused, change
):
    body = {k: v for k, v in {**GRADE, **change}.items() if v is not None}
    refused(http.post(microservices.url("credentials") + "/grades", json=body,
                      auth=service_auth()), 400, "invalid")  # fmt: skip
    assert rows(microservices, Grade) == 0
