"""Strict DRF building blocks shared by every service's views.

DRF is forgiving by default: it ignores unknown fields and turns ``5`` into ``"5"``. A public API
should instead name the problem, so these refuse both.

Longer than most modules: every strict field the services share is here, so that one kind of
input is refused the same way by every API, and its schema is published the same way.
"""

import re
from decimal import ROUND_HALF_EVEN, Decimal

from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .keys import (
    COURSE_KEY_MAX_LENGTH,
    COURSE_KEY_PATTERN,
    LEARNER_MAX_LENGTH,
    LEARNER_PATTERN,
    TEXT_NOT_BLANK_PATTERN,
)

__all__ = [
    "LEARNER_PATTERN",
    "CourseKeyField",
    "ErrorSerializer",
    "LearnerField",
    "QueryBooleanField",
    "StrictBooleanField",
    "StrictCharField",
    "StrictFractionField",
    "StrictIntegerField",
    "StrictSerializer",
    "error_responses",
]

_NOT_AN_OBJECT = {"body": ["Expected a JSON object."]}


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not declare, and a body that is not a JSON object."""

    def run_validation(self, data=serializers.empty):
        if data is None:  # a JSON ``null`` body, which DRF would call "No data provided"
            raise serializers.ValidationError(_NOT_AN_OBJECT)
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(_NOT_AN_OBJECT)
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


# Linear in the text's length (no nested quantifiers can backtrack over each other).
_TEXT = r"^[^\x00]*$"
_TEXT_NOT_BLANK = TEXT_NOT_BLANK_PATTERN
_NOT_BLANK_MESSAGE = "Expected text that is not only whitespace, without NUL characters."


class StrictCharField(serializers.CharField):
    """A string kept as sent (DRF would trim it, so ``"  "`` would fail a published
    ``minLength: 1``), without NUL characters and, unless ``allow_blank``, not only whitespace:
    rules published as a ``pattern``, so a client can check them before it sends."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        # DRF's own NUL check says the same but never reaches the OpenAPI document.
        text = RegexValidator(_TEXT, message=ProhibitNullCharactersValidator.message)
        if not self.allow_blank:
            text = RegexValidator(_TEXT_NOT_BLANK, message=_NOT_BLANK_MESSAGE)
        self.validators = [
            text if isinstance(validator, ProhibitNullCharactersValidator) else validator
            for validator in self.validators
        ]

    def to_internal_value(self, data):
        _require_string(data)
        return super().to_internal_value(data)


def _require_string(data) -> None:
    # DRF would quietly turn 5 into "5"; a wrong type deserves its own message.
    if not isinstance(data, str):
        raise serializers.ValidationError(f"Expected a string, not {_json_type(data)}.")


def _json_type(data) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "an array"}
    names |= {dict: "an object", type(None): "null"}
    return names.get(type(data), type(data).__name__)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only: DRF would also take ``"5"``, ``5.0`` and ``true``."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFractionField(serializers.FloatField):
    """A JSON number from 0 to 1, kept to four decimal places: DRF's DecimalField would also take
    ``"0.5"``, and document a string.

    >>> StrictFractionField().to_internal_value(0.87654)
    Decimal('0.8765')
    """

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=1, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        value = super().to_internal_value(data)
        return Decimal(repr(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)


class QueryBooleanField(serializers.BooleanField):
    """``true`` or ``false`` (any case) in a query string; DRF would also take ``yes``, ``1``..."""

    default_error_messages = {"invalid": "Expected 'true' or 'false'."}
    TRUE_VALUES = {"true"}
    FALSE_VALUES = {"false"}
    NULL_VALUES = set()

    def get_value(self, dictionary):
        # DRF reads a query string as an HTML form would, taking ``?name=`` for "absent".
        return dictionary.get(self.field_name, serializers.empty)


class _StrictRegexField(serializers.RegexField):
    """The whole string must match, as the published JSON Schema ``pattern`` means it: no
    whitespace trimmed off first, and no trailing newline let through by Python's ``$``."""

    def __init__(self, regex: str, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(regex, **kwargs)
        self._pattern = re.compile(regex)

    def to_internal_value(self, data):
        _require_string(data)
        if not self._pattern.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class CourseKeyField(_StrictRegexField):
    """A course key such as ``course-v1:Org+Number+Run``; the pattern is published in OpenAPI."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": "Expected 'course-v1:Org+Number+Run'."})
        super().__init__(COURSE_KEY_PATTERN, max_length=COURSE_KEY_MAX_LENGTH, **kwargs)


class LearnerField(_StrictRegexField):
    """A learner's username: letters, digits and ``_ . -``, at most 64."""

    def __init__(self, **kwargs):
        super().__init__(LEARNER_PATTERN, max_length=LEARNER_MAX_LENGTH, **kwargs)


class _ErrorDetail(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.JSONField(), required=False)


class ErrorSerializer(serializers.Serializer):
    error = _ErrorDetail()


class _StrictSerializerSchema(OpenApiSerializerExtension):
    """Publishes what `StrictSerializer` enforces: ``additionalProperties: false``, so clients
    and contract tests know an unknown field is refused."""

    target_class = StrictSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        # ``self.target`` is the subclass at hand; the base class would map to no fields at all.
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["additionalProperties"] = False
        return schema


def error_responses(*statuses: int) -> dict:
    """OpenAPI ``responses`` entries for the given error statuses, all in the one error shape."""
    return {code: OpenApiResponse(ErrorSerializer) for code in statuses}
