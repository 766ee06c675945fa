"""The JSON parser takes I-JSON (RFC 7493) only: whatever else arrives is a ParseError naming
the problem, never a value that two receivers could read differently, never a crash."""

import json

import pytest
from rest_framework.exceptions import ParseError

from campus.errors import error_body
from campus.parsers import MAX_DEPTH, json_loads_strict


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"[" * 5000 + b"]" * 5000, "nests deeper"),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, "nests deeper"),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nests deeper"),
        (b'{"\\ud800": 1}', "lone surrogate"),
        (b'{"learner": "\\udfff"}', "lone surrogate"),
        (b'["ok", {"deep": ["\\ud83d"]}]', "lone surrogate"),
        (b'{"learner": "\xed\xa0\x80"}', "not UTF-8"),  # a surrogate encoded as raw bytes
        (b'{"learner": "\xff"}', "not UTF-8"),
        (b'\xef\xbb\xbf{"learner": "ada"}', "byte order mark"),
        (b'{"learner": "ada", "learner": "bob"}', "appears twice"),
        (b'{"a": {"k": 1, "k": 1}}', "appears twice"),
        (b'{"n": NaN}', "NaN is not"),
        (b'{"n": Infinity}', "Infinity is not"),
        (b'{"n": -Infinity}', "-Infinity is not"),
        (b'{"n": 1e999}', "too large for a double"),
        (b'{"n": -1e400}', "too large for a double"),
        (b'{"n": 9007199254740992}', "beyond"),
        (b'{"n": ' + b"9" * 5000 + b"}", "beyond"),  # not Python's own message about int()
        (b'{"n": -' + b"1" * 17 + b"}", "beyond"),
        (b'{"learner": "ada"', "not JSON"),
        (b"", "not JSON"),
    ],
)
def test_a_body_that_is_not_i_json_is_refused_by_name(raw, problem):
    with pytest.raises(ParseError, match=problem):
        json_loads_strict(raw)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (b'{"learner": "ada", "n": 9007199254740991, "x": 1.5e300}', None),
        (b'{"emoji": "\\ud83d\\ude00", "e": "\xc3\xa9"}', {"emoji": "\U0001f600", "e": "\xe9"}),
        (b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, None),
    ],
)
def test_i_json_is_parsed_as_json_would(raw, value):
    assert json_loads_strict(raw) == (json.loads(raw) if value is None else value)


def test_no_error_body_can_hold_a_lone_surrogate_even_in_a_field_name():
    body = error_body("invalid", "Bad \ud800.", {"\udfff": ["Unknown field \ud800."]})
    assert body == {
        "error": {
            "code": "invalid",
            "message": "Bad \\ud800.",
            "fields": {"\\udfff": ["Unknown field \\ud800."]},
        }
    }
