"""Each event type's payload has a JSON Schema; a consumer applies only events that meet it."""

import copy
import json

import pytest
from demo_courses import OPEN_COURSE

from campus.events import (
    CONTRACTS,
    COURSE_COMPLETED,
    EVENT_TYPES,
    InvalidEvent,
    event_consume,
    event_create,
    event_to_bytes,
    payload_check,
    revision_breaking_changes,
)
from campus.events.contracts import schema_uri
from campus.keys import COURSE_KEY_PATTERN, LEARNER_PATTERN

VALID = {"learner": "ada", "course_key": OPEN_COURSE, "completed_at": "2026-01-01T10:00:00+00:00"}


def _raw(data) -> bytes:
    return event_to_bytes(event_create(COURSE_COMPLETED, source="enrollments", data=data))


class Applier:
    def __init__(self):
        self.applied = []

    def __call__(self, event):
        self.applied.append(event.get_data())
        return True


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_has_a_contract(event_type):
    assert CONTRACTS[event_type]


def test_the_contract_applies_the_very_rules_of_the_http_api():
    [schema] = CONTRACTS[COURSE_COMPLETED]
    assert schema["properties"]["learner"]["pattern"] == LEARNER_PATTERN
    assert schema["properties"]["course_key"]["pattern"] == COURSE_KEY_PATTERN


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"learner": "a" * 300}, "learner"),
        ({"learner": "ada\n"}, "learner"),
        ({"learner": ""}, "learner"),
        ({"learner": 5}, "learner"),
        ({"course_key": "not a key"}, "course_key"),
        ({"course_key": OPEN_COURSE + "\n"}, "course_key"),
        ({"completed_at": "yesterday"}, "completed_at"),
        ({"completed_at": "2026-01-01T10:00:00"}, "completed_at"),  # no offset: which zone?
        ({"completed_at": None}, "completed_at"),
        # Valid RFC 3339, but the instant is in year 0 or 10000 in UTC: storable, never readable.
        ({"completed_at": "0001-01-01T00:00:00+05:00"}, "completed_at"),
        ({"completed_at": "9999-12-31T23:59:59-05:00"}, "completed_at"),
    ],
)
def test_a_payload_breaking_a_rule_is_rejected_and_names_the_field(change, field):
    with pytest.raises(InvalidEvent, match=f"data\\['{field}'\\]"):
        payload_check(COURSE_COMPLETED, {**VALID, **change})


def test_a_payload_missing_a_field_is_rejected():
    data = dict(VALID)
    del data["learner"]
    with pytest.raises(InvalidEvent, match="'learner' is a required property"):
        payload_check(COURSE_COMPLETED, data)


def test_an_unknown_event_type_has_no_contract_and_is_rejected():
    with pytest.raises(InvalidEvent, match="no contract"):
        payload_check("org.openedx.learning.course.started.v1", VALID)


def test_the_consumer_rejects_a_bad_payload_without_applying_it_and_keeps_its_id():
    applier = Applier()
    raw = _raw({**VALID, "learner": "a" * 300, "course_key": "not a key"})
    consumed = event_consume(raw, applier)
    assert consumed.outcome == "rejected"
    assert consumed.event_id == json.loads(raw)["id"]
    assert applier.applied == []


# A revision 2 of the completion's schema: one more, optional, field. Same type name (OEP-41).
REVISION_2 = copy.deepcopy(CONTRACTS[COURSE_COMPLETED][0])
REVISION_2["$id"] = schema_uri(COURSE_COMPLETED, 2)
REVISION_2["properties"]["grade"] = {"type": "number", "minimum": 0, "maximum": 1}


def test_an_added_optional_field_is_not_a_breaking_change():
    assert revision_breaking_changes(CONTRACTS[COURSE_COMPLETED][0], REVISION_2) == []


def test_an_event_written_to_revision_2_is_read_by_an_unchanged_revision_1_consumer():
    event = event_create(
        COURSE_COMPLETED,
        source="enrollments",
        data={**VALID, "grade": 0.92},
        schema=REVISION_2["$id"],
    )
    payload_check(COURSE_COMPLETED, event.get_data(), schema=REVISION_2)  # the producer's check
    applier = Applier()
    assert event_consume(event_to_bytes(event), applier).outcome == "applied"
    assert applier.applied == [{**VALID, "grade": 0.92}]


@pytest.mark.parametrize(
    ("edit", "change"),
    [
        (lambda s: s["properties"].pop("learner"), "learner: removed"),
        (lambda s: s["properties"].update(learner={"type": "integer"}), "learner: its schema"),
        (lambda s: s["required"].append("grade"), "grade: newly required"),
        (lambda s: s.update(additionalProperties=False), "unknown fields refused"),
    ],
    ids=["removed", "retyped", "required", "closed"],
)
def test_a_breaking_change_is_named_so_it_gets_a_new_type_name(edit, change):
    breaking = copy.deepcopy(REVISION_2)
    edit(breaking)
    [found] = revision_breaking_changes(CONTRACTS[COURSE_COMPLETED][0], breaking)
    assert found.startswith(change)
