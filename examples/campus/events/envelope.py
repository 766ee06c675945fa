"""CloudEvents 1.0 envelopes, serialised in the JSON structured mode a real broker would carry.

Reading is strict: bytes that are not a complete CloudEvents 1.0 envelope raise `InvalidEvent`.
The CloudEvents SDK would fill a missing ``id`` with a fresh random one on every parse, and a
redelivered copy could then never be recognised as a duplicate; so the envelope is checked against
`ENVELOPE_SCHEMA` (JSON Schema, validated by ``jsonschema``) before the SDK sees it.

    >>> event = event_create("org.campus.learning.course.completed.v1", source="enrollments",
    ...                      data={"learner": "ada"})
    >>> event_from_bytes(event_to_bytes(event)).get_id() == event.get_id()
    True
    >>> try:
    ...     event_from_bytes(b'{"specversion": "1.0", "type": "t", "source": "/s"}')
    ... except InvalidEvent as error:
    ...     print(error)
    envelope: 'id' is a required property
"""

from datetime import datetime

from cloudevents.core.exceptions import BaseCloudEventException
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from campus.ijson import NotIJson, ijson_loads

from .validation import InvalidEvent, schema_check

__all__ = [
    "ENVELOPE_SCHEMA",
    "EVENT_ID_MAX_LENGTH",
    "InvalidEvent",
    "event_create",
    "event_from_bytes",
    "event_to_bytes",
]

_FORMAT = JSONFormat()
# campus's own limit: the consumers record ids in a column of this width (ProcessedEvent).
EVENT_ID_MAX_LENGTH = 64

_TEXT = {"type": "string", "minLength": 1, "pattern": "^[^\\x00]*$"}
# CloudEvents 1.0 "Required Attributes" (id, source, specversion, type), plus ``time``: campus
# producers always stamp it, and the SDK would otherwise invent one on reading.
ENVELOPE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "CloudEvents 1.0 envelope, JSON structured mode, as campus carries it",
    "type": "object",
    "required": ["specversion", "id", "source", "type", "time", "data"],
    "properties": {
        "specversion": {"const": "1.0"},
        "id": {**_TEXT, "maxLength": EVENT_ID_MAX_LENGTH},
        "source": {**_TEXT, "maxLength": 255},
        "type": {**_TEXT, "maxLength": 255},
        "time": {"type": "string", "format": "date-time"},
        "subject": _TEXT,
        "datacontenttype": {"const": "application/json"},
        "dataschema": _TEXT,
        "data": {"type": "object"},
    },
}


def event_create(
    event_type: str, *, source: str, data: dict, subject: str | None = None, schema: str = ""
):
    """A new event with a fresh id and time; ``source`` names the producing service and
    ``schema`` (CloudEvents ``dataschema``) the payload schema revision it was written to."""
    attributes = {"type": event_type, "source": f"/campus/{source}"}
    attributes["datacontenttype"] = "application/json"
    if subject:
        attributes["subject"] = subject
    if schema:
        attributes["dataschema"] = schema
    return CloudEvent(attributes, data)


def event_to_bytes(event) -> bytes:
    return _FORMAT.write(event)


def event_from_bytes(raw: bytes | str):
    """The event in ``raw``; `InvalidEvent` when it is not a whole campus CloudEvents envelope:
    not I-JSON (`campus.ijson`: not UTF-8, not JSON, a lone surrogate, a key twice, NaN, nested
    too deep), or an attribute missing or malformed."""
    try:
        wire = ijson_loads(raw, what="The event")
    except NotIJson as error:
        raise InvalidEvent(f"envelope: {error}") from None
    schema_check(ENVELOPE_SCHEMA, wire, where="envelope")
    data = wire.pop("data")
    wire["time"] = datetime.fromisoformat(wire["time"])
    try:
        return CloudEvent(wire, data)
    except BaseCloudEventException as error:
        raise InvalidEvent(f"envelope: {error}") from None
