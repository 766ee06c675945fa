"""A consumer reads only whole CloudEvents 1.0 envelopes, and never invents an id."""

import json
import re

import pytest
from demo_courses import OPEN_COURSE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campus.events import (
    COURSE_COMPLETED,
    InProcessEventBus,
    InvalidEvent,
    event_consume,
    event_create,
    event_from_bytes,
    event_to_bytes,
)

DATA = {
    "learner": "ada",
    "course_key": OPEN_COURSE,
    "completed_at": "2026-01-01T10:00:00+00:00",
}


def _wire() -> dict:
    return json.loads(event_to_bytes(event_create(COURSE_COMPLETED, source="e", data=DATA)))


@pytest.mark.parametrize("attribute", ["specversion", "id", "source", "type", "time", "data"])
def test_an_envelope_without_a_required_attribute_is_refused(attribute):
    wire = _wire()
    del wire[attribute]
    with pytest.raises(InvalidEvent, match=f"'{attribute}' is a required property"):
        event_from_bytes(json.dumps(wire).encode())


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("specversion", "0.3"),
        ("id", ""),
        ("id", 42),
        ("id", "x" * 65),
        ("source", ""),
        ("type", None),
        ("time", "not a time"),
        ("datacontenttype", "text/plain"),
        ("data", "a string"),
        ("subject", "with\x00nul"),
    ],
)
def test_an_envelope_with_a_malformed_attribute_is_refused(attribute, value):
    wire = {**_wire(), attribute: value}
    with pytest.raises(InvalidEvent, match="envelope"):
        event_from_bytes(json.dumps(wire).encode())


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_number_json_has_no_place_for_is_refused_by_name(constant):
    raw = json.dumps(_wire()).replace('"ada"', constant, 1).encode()
    with pytest.raises(InvalidEvent, match=f"{constant} is not a JSON number"):
        event_from_bytes(raw)


def test_parsing_the_same_bytes_twice_gives_the_same_id():
    raw = event_to_bytes(event_create(COURSE_COMPLETED, source="e", data=DATA))
    assert event_from_bytes(raw).get_id() == event_from_bytes(raw).get_id()


@pytest.mark.parametrize(
    "raw", [b"", b"[", b"\xff\xfe", b"[]", b"null", b"[" * 5000 + b"]" * 5000, b'"text"']
)
def test_bytes_that_are_not_an_envelope_are_rejected_without_an_id(raw):
    applied = []
    consumed = event_consume(raw, applied.append)
    assert (consumed.outcome, consumed.event_id, applied) == ("rejected", None, [])


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    drop=st.sets(st.sampled_from(sorted(_wire()))),
    extra=st.dictionaries(st.sampled_from(sorted(_wire())), st.none() | st.integers() | st.text()),
)
def test_any_damaged_envelope_is_rejected_unapplied_or_read_with_its_own_id(drop, extra):
    wire = {k: v for k, v in _wire().items() if k not in drop} | extra
    raw = json.dumps(wire).encode()
    applied = []
    consumed = event_consume(raw, lambda event: applied.append(event.get_id()))
    if consumed.outcome == "applied":
        assert applied == [wire["id"]]  # the id it came with, never one made up
    else:
        assert consumed.outcome == "rejected"
        assert applied == []
        stated = wire.get("id")
        usable = isinstance(stated, str) and 0 < len(stated) <= 64
        assert consumed.event_id == (stated if usable else None)


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300))
def test_any_bytes_at_all_are_rejected_or_read_never_raising(raw):
    consumed = event_consume(raw, lambda event: True)
    assert consumed.outcome in ("applied", "rejected")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ('{"learner": "ada\\ud800"}', "lone surrogate"),  # escaped: json.loads would take it
        ('{"learner": "ada", "learner": "grace"}', "appears twice"),
        ('{"learner": 9007199254740993}', "beyond +-(2**53 - 1)"),
    ],
    ids=["lone-surrogate", "duplicate-key", "huge-integer"],
)
def test_an_event_is_held_to_the_i_json_rules_of_a_request_body(raw, problem):
    wire = json.dumps(_wire()).replace('{"learner": "ada"', raw[:-1], 1)
    assert wire != json.dumps(_wire())
    with pytest.raises(InvalidEvent, match=f"^envelope: .*{re.escape(problem)}"):
        event_from_bytes(wire.encode())


def test_bytes_that_state_no_type_are_dead_lettered_not_dropped():
    bus = InProcessEventBus()
    try:
        for raw in (b"", b"null", b"\xff\xfe", b'{"id": "x1"}'):
            bus.publish_unchecked(raw)
        assert [d.outcome for d in bus.deliveries()] == ["rejected"] * 4
        assert [(d.consumer, d.event_id) for d in bus.dead_letters()][-1] == ("", "x1")
    finally:
        bus.close()
