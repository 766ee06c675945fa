"""Events travel as CloudEvents 1.0 in JSON structured mode, with OEP-41 type names."""

import json
import re

import pytest

from campus.events import (
    COURSE_COMPLETED,
    EVENT_TYPES,
    event_create,
    event_from_bytes,
    event_to_bytes,
)

# org.openedx.<subdomain>.<subject>.<action>.v<N>
# OEP-41's shape, {reverse DNS}.{subdomain}.{subject}.{action}.v{N}, under campus's own name.
OEP_41_TYPE = re.compile(r"org\.campus(\.[a-z]+(_[a-z]+)*){3}\.v[1-9][0-9]*")


def _completed(**data):
    return event_create(COURSE_COMPLETED, source="enrollments", data=data, subject="run-1")


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_has_the_shape_oep_41_asks_for_in_campuss_namespace(event_type):
    assert OEP_41_TYPE.fullmatch(event_type)


def test_an_event_carries_every_attribute_cloudevents_requires():
    wire = json.loads(event_to_bytes(_completed(learner="ada")))
    assert wire["specversion"] == "1.0"
    assert wire["type"] == COURSE_COMPLETED
    assert wire["source"] == "/campus/enrollments"
    assert wire["subject"] == "run-1"
    assert wire["datacontenttype"] == "application/json"
    assert wire["id"]
    assert wire["time"]
    assert wire["data"] == {"learner": "ada"}


def test_an_event_read_back_from_its_bytes_is_the_same_event():
    event = _completed(learner="ada", course_key="course-v1:A+B+C")
    again = event_from_bytes(event_to_bytes(event))
    assert again.get_attributes() == event.get_attributes()
    assert again.get_data() == event.get_data()


def test_every_event_gets_an_id_of_its_own():
    assert _completed().get_id() != _completed().get_id()


def test_an_event_without_a_subject_leaves_the_attribute_out():
    event = event_create(COURSE_COMPLETED, source="enrollments", data={})
    assert "subject" not in json.loads(event_to_bytes(event))
