"""Whatever bytes a client sends as a JSON body to any POST endpoint, the answer is never a 5xx:
a refusal is a 4xx in the one error shape, and a refusal writes nothing."""

import json

import pytest
import requests
from bearer_tokens import staff_auth
from demo_courses import OPEN_COURSE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campus.catalog.models import Course
from campus.credentials.models import Certificate
from campus.enrollments.models import Enrollment

EVIL_TEXT = st.text(max_size=8) | st.sampled_from(["\ud800", "a\udfff", "\ud83d", "x" * 300, ""])
EVIL_NUMBER = st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "9" * 30, "-0", "1.5"])
FRAGMENTS = [
    b"[", b"]", b"{", b"}", b":", b",", b'"a"', b'"learner"', b'"\\ud800"', b'"\\udfff"',
    b'"\xed\xa0\x80"', b"\xff", b"\xef\xbb\xbf", b"null", b"true", b"1e999", b"NaN", b"0",
]  # fmt: skip


def _object(keys: list[str]) -> st.SearchStrategy[bytes]:
    """An object with the endpoint's own keys (and maybe others), each given hostile values."""
    value = (
        EVIL_TEXT
        | st.just(OPEN_COURSE)
        | st.integers()
        | st.none()
        | st.lists(EVIL_TEXT, max_size=2)
    )
    fields = st.dictionaries(st.sampled_from(keys) | EVIL_TEXT, value, max_size=4)
    plain = fields.map(lambda obj: json.dumps(obj).encode())
    # A number or a duplicate key can only be written by hand.
    spliced = st.tuples(fields, st.sampled_from(keys), EVIL_NUMBER | EVIL_TEXT.map(json.dumps))
    hand = spliced.map(lambda t: (json.dumps(t[0])[:-1] + f'{", " if t[0] else ""}"{t[1]}": '
                                  f'{t[2]}, "{t[1]}": 1}}').encode())  # fmt: skip
    return plain | hand


def bodies(keys: list[str]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=64),
        st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(b"".join),
        st.integers(1, 20_000).map(lambda n: b"[" * n + b"]" * n),
        st.integers(1, 20_000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
        _object(keys),
    )


def _written(platform, rows) -> tuple:
    # Events go out after a request has answered: a certificate earned by an earlier accepted
    # completion must land before counting, or it would be taken for a refused body's write.
    assert platform.drain(10), "events still in flight after 10 s"
    completed = Enrollment.objects.filter(status="completed")
    alias = "monolith" if platform.arch == "monolith" else "enrollments"
    return (
        rows(platform, Course),
        rows(platform, Enrollment),
        rows(platform, Certificate),
        completed.using(alias).count(),
    )


ENDPOINTS = {
    "course_create": ("catalog", "/courses", ["key", "title", "start", "end"]),
    "enrollment_create": ("enrollments", "/enrollments", ["learner", "course_key"]),
    "enrollment_complete": ("enrollments", "/enrollments/1/complete", ["learner"]),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_body_makes_a_post_fail_with_a_5xx_or_write_on_a_refusal(endpoint, platform, rows):
    service, path, keys = ENDPOINTS[endpoint]
    url = platform.url(service) + path
    with requests.Session() as http:
        http.auth = staff_auth()
        enrollments = platform.url("enrollments") + "/enrollments"
        assert http.post(enrollments, json={"learner": "ada", "course_key": OPEN_COURSE}).ok

        @settings(
            max_examples=60,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(body=bodies(keys))
        def check(body: bytes):
            before = _written(platform, rows)
            answer = http.post(url, data=body, headers={"Content-Type": "application/json"})
            assert answer.status_code < 500, (body, answer.text)
            parsed = json.loads(answer.content.decode("utf-8"))  # strict UTF-8, valid JSON
            if answer.status_code >= 400:
                assert answer.headers["Content-Type"] == "application/json"
                assert set(parsed) == {"error"}
                assert isinstance(parsed["error"]["code"], str)
                assert parsed["error"]["message"]
                assert _written(platform, rows) == before, body

        check()


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        (
            {"Content-Type": "application/json", "Content-Encoding": "gzip"},
            "unsupported_media_type",
        ),
        ({"Content-Type": "application/json", "Content-Encoding": "br"}, "unsupported_media_type"),
        ({"Content-Type": "*/*"}, "unsupported_media_type"),
        ({"Content-Type": "application/*"}, "unsupported_media_type"),
    ],
    ids=["gzip", "br", "any", "application-any"],
)
def test_a_body_it_cannot_read_as_sent_is_a_415_and_writes_nothing(
    platform, refused, rows, headers, code
):
    body = json.dumps({"learner": "ada", "course_key": OPEN_COURSE})
    url = platform.url("enrollments") + "/enrollments"
    answer = requests.post(url, data=body, headers=headers, auth=staff_auth())
    refused(answer, 415, code)
    assert rows(platform, Enrollment) == 0
