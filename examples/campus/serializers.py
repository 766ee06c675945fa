"""Strict DRF building blocks shared by every service's views.

DRF is forgiving by default: it ignores unknown fields and turns ``5`` into ``"5"``. A public API
should instead name the problem, so these refuse both.
"""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .keys import COURSE_KEY_MAX_LENGTH, COURSE_KEY_PATTERN

__all__ = [
    "LEARNER_PATTERN",
    "CourseKeyField",
    "ErrorSerializer",
    "LearnerField",
    "StrictBooleanField",
    "StrictCharField",
    "StrictSerializer",
    "error_responses",
]

LEARNER_PATTERN = r"^[A-Za-z0-9_.\-]{1,64}$"


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not declare, and a body that is not a JSON object."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"body": ["Expected a JSON object."]})
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class _StrictRegexField(serializers.RegexField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
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
        super().__init__(LEARNER_PATTERN, max_length=64, **kwargs)


class _ErrorDetail(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.JSONField(), required=False)


class ErrorSerializer(serializers.Serializer):
    error = _ErrorDetail()


def error_responses(*statuses: int) -> dict:
    """OpenAPI ``responses`` entries for the given error statuses, all in the one error shape."""
    return {code: OpenApiResponse(ErrorSerializer) for code in statuses}
