"""A neighbour's answer is read as a tolerant reader: unknown fields ignored, a missing or
mistyped field refused as a bad answer (a neighbour that is down, never a 500)."""

import pytest
from rest_framework import serializers

from campus.http import BadAnswer, Reply, ServiceUnavailable
from campus.replies import reply_read
from campus.serializers import StrictCharField, StrictIntegerField


class Course(serializers.Serializer):
    key = StrictCharField()
    seats = StrictIntegerField(required=False, allow_null=True, default=None)


def test_fields_not_declared_are_ignored_and_an_optional_one_takes_its_default():
    body = {"key": "k", "title": "added later", "nested": {"x": [1]}}
    assert reply_read(Reply(200, body), Course, callee="catalog") == {"key": "k", "seats": None}


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({}, "key"),
        ({"key": None}, "key"),
        ({"key": 5}, "key: Expected a string, not a number"),
        ({"key": "k", "seats": "5"}, "seats"),
        ([{"key": "k"}], "Expected a dictionary"),
        ("text", "Expected a dictionary"),
        (None, "No data"),
    ],
    ids=["missing", "null", "number", "string-number", "list", "string", "empty"],
)
def test_a_body_of_the_wrong_shape_is_a_bad_answer_naming_the_field(body, named):
    with pytest.raises(BadAnswer, match="catalog") as raised:
        reply_read(Reply(200, body), Course, callee="catalog")
    assert named in str(raised.value)
    assert isinstance(raised.value, ServiceUnavailable)  # handled as a neighbour that is down


def test_a_list_names_the_item_at_fault():
    body = [{"key": "a"}, {"key": "b"}, {"key": ["c"]}]
    with pytest.raises(BadAnswer, match=r"\[2\]\.key"):
        reply_read(Reply(200, body), Course, callee="catalog", many=True)


def test_an_unexpected_status_is_a_bad_answer_naming_it():
    with pytest.raises(BadAnswer, match="HTTP 401, not 200"):
        reply_read(Reply(401, {"error": {"code": "token_invalid"}}), Course, callee="catalog")
