"""Every event type's contract holds its payload to the rules the producer's own API applies;
a consumer applies only a payload that meets it, whatever a producer (or an intruder writing to
the broker) sends."""

import json

import pytest
from demo_courses import OPEN_COURSE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campus.events import (
    CERTIFICATE_CREATED,
    COURSE_CHANGED,
    COURSE_COMPLETED,
    ENROLLMENT_CREATED,
    EVENT_TYPES,
    InvalidEvent,
    event_consume,
    event_create,
    event_to_bytes,
    payload_check,
)
from campus.ijson import NotIJson, ijson_loads

WHEN = "2026-01-01T10:00:00+00:00"
VALID = {
    COURSE_CHANGED: {"course_key": OPEN_COURSE, "title": "Python", "enrollment_open": True,
                     "changed_at": WHEN},
    ENROLLMENT_CREATED: {"learner": "ada", "course_key": OPEN_COURSE, "created_at": WHEN},
    COURSE_COMPLETED: {"learner": "ada", "course_key": OPEN_COURSE, "completed_at": WHEN},
    CERTIFICATE_CREATED: {"learner": "ada", "course_key": OPEN_COURSE, "issued_at": WHEN,
                          "uuid": "8523ffa2-f33e-4b5e-add2-511194bd08eb"},
}  # fmt: skip


def test_there_is_a_valid_payload_here_for_every_type():
    assert set(VALID) == set(EVENT_TYPES)


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_a_valid_payload_of_each_type_passes(event_type):
    payload_check(event_type, VALID[event_type])


@pytest.mark.parametrize(
    ("event_type", "change", "field"),
    [
        (COURSE_CHANGED, {"title": ""}, "title"),
        (COURSE_CHANGED, {"title": "   "}, "title"),
        (COURSE_CHANGED, {"title": "Py\x00thon"}, "title"),  # PostgreSQL cannot store it
        (COURSE_CHANGED, {"title": "x" * 201}, "title"),
        (COURSE_CHANGED, {"enrollment_open": "yes"}, "enrollment_open"),
        (COURSE_CHANGED, {"changed_at": "2026-01-01"}, "changed_at"),
        (ENROLLMENT_CREATED, {"learner": "ada lovelace"}, "learner"),
        (ENROLLMENT_CREATED, {"created_at": "0001-01-01T00:00:00+05:00"}, "created_at"),
        (CERTIFICATE_CREATED, {"uuid": "not-a-uuid"}, "uuid"),
        (CERTIFICATE_CREATED, {"uuid": "8523FFA2-F33E-4B5E-ADD2-511194BD08EB"}, "uuid"),
        (CERTIFICATE_CREATED, {"uuid": "8523ffa2f33e4b5eadd2511194bd08eb"}, "uuid"),
        (CERTIFICATE_CREATED, {"uuid": 5}, "uuid"),
    ],
)
def test_a_payload_breaking_a_rule_is_rejected_and_names_the_field(event_type, change, field):
    with pytest.raises(InvalidEvent, match=f"data\\['{field}'\\]"):
        payload_check(event_type, {**VALID[event_type], **change})


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_a_payload_missing_any_field_is_rejected(event_type):
    for field in VALID[event_type]:
        payload = {k: v for k, v in VALID[event_type].items() if k != field}
        with pytest.raises(InvalidEvent, match=f"'{field}' is a required property"):
            payload_check(event_type, payload)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(event_type=st.sampled_from(EVENT_TYPES), data=st.data(), value=json_values)
def test_any_value_in_any_field_of_any_type_is_valid_or_rejected_unapplied(event_type, data, value):
    field = data.draw(st.sampled_from(sorted(VALID[event_type])), label="field")
    applied = []
    event = event_create(event_type, source="tests", data={**VALID[event_type], field: value})
    consumed = event_consume(event_to_bytes(event), lambda e: applied.append(e.get_data()))
    if consumed.outcome == "applied":
        payload_check(event_type, applied[0])  # raises if it was not valid
    else:
        assert (consumed.outcome, applied) == ("rejected", [])
        # A value that is not I-JSON (Infinity, a lone surrogate, a huge integer) fails the
        # envelope before the payload is read; any other fails the payload's contract.
        assert consumed.error.startswith("data" if _is_ijson(value) else "envelope: ")


def _is_ijson(value) -> bool:
    try:
        ijson_loads(json.dumps(value))
    except NotIJson:
        return False
    return True
