"""CloudEvents 1.0 envelopes, serialised in the JSON structured mode a real broker would carry."""

from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

__all__ = ["event_create", "event_from_bytes", "event_to_bytes"]

_FORMAT = JSONFormat()


def event_create(event_type: str, *, source: str, data: dict, subject: str | None = None):
    """A new event with a fresh id and time; ``source`` names the producing service."""
    attributes = {"type": event_type, "source": f"/campus/{source}"}
    attributes["datacontenttype"] = "application/json"
    if subject:
        attributes["subject"] = subject
    return CloudEvent(attributes, data)


def event_to_bytes(event) -> bytes:
    return _FORMAT.write(event)


def event_from_bytes(raw: bytes):
    return _FORMAT.read(CloudEvent, raw)
