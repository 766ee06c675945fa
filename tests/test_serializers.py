"""The strict fields accept exactly what the published JSON Schema accepts, no more."""

import pytest
from demo_courses import OPEN_COURSE
from rest_framework import serializers

from campus.serializers import (
    CourseKeyField,
    LearnerField,
    QueryBooleanField,
    StrictCharField,
    StrictSerializer,
)


@pytest.mark.parametrize("text", ["ada\n", " ada", "ada ", "ada\t", "a" * 65, "", 7, None])
def test_a_learner_field_refuses_what_its_pattern_refuses(text):
    with pytest.raises(serializers.ValidationError):
        LearnerField().run_validation(text)


@pytest.mark.parametrize(
    "text",
    [
        f"{OPEN_COURSE}\n",
        f" {OPEN_COURSE}",
        "course-v1:CampusX+PY101",
        "course-v1:CampusX+PY 101+2026",
        [OPEN_COURSE],
    ],
)
def test_a_course_key_field_refuses_what_its_pattern_refuses(text):
    with pytest.raises(serializers.ValidationError):
        CourseKeyField().run_validation(text)


def test_a_course_key_field_accepts_a_course_key_unchanged():
    key = OPEN_COURSE
    assert CourseKeyField().run_validation(key) == key


def test_a_strict_char_field_keeps_the_text_as_sent():
    assert StrictCharField().run_validation("  Django  ") == "  Django  "


def test_a_strict_char_field_that_allows_blank_takes_whitespace_but_not_nul():
    assert StrictCharField(allow_blank=True).run_validation("  ") == "  "
    with pytest.raises(serializers.ValidationError):
        StrictCharField(allow_blank=True).run_validation(" \x00")


@pytest.mark.parametrize("text", ["a\x00b", "", " ", "\t\n \u3000", " \x00 ", 5, True])
def test_a_strict_char_field_refuses_nul_blank_and_non_strings(text):
    with pytest.raises(serializers.ValidationError):
        StrictCharField().run_validation(text)


@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False)])
def test_a_query_boolean_takes_true_or_false(text, value):
    assert QueryBooleanField().run_validation(text) is value


@pytest.mark.parametrize("text", ["", "yes", "1", "on", "null"])
def test_a_query_boolean_refuses_anything_else(text):
    with pytest.raises(serializers.ValidationError):
        QueryBooleanField().run_validation(text)


class _Named(StrictSerializer):
    name = StrictCharField()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (None, {"body": ["Expected a JSON object."]}),
        ([], {"body": ["Expected a JSON object."]}),
        ({"name": "x", "extra": 1}, {"extra": ["Unknown field."]}),
    ],
)
def test_a_strict_serializer_names_a_non_object_body_and_unknown_fields(data, errors):
    body = _Named(data=data)
    assert not body.is_valid()
    assert body.errors == errors


@pytest.mark.parametrize(
    ("value", "named"),
    [(7, "a number"), (True, "a boolean"), (["ada"], "an array"), ({"a": 1}, "an object")],
)
@pytest.mark.parametrize("field", [LearnerField, CourseKeyField, StrictCharField])
def test_a_string_field_given_another_json_type_names_the_type_it_got(field, value, named):
    with pytest.raises(serializers.ValidationError) as refusal:
        field().run_validation(value)
    assert refusal.value.detail == [f"Expected a string, not {named}."]
