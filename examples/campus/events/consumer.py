"""What every backend does with one event for one consumer: check it, then apply it.

The same steps run on the in-process bus and on Redis Streams, so a consumer behaves the same on
both: an event whose envelope or payload breaks its contract (`campus.events.contracts`) is
*rejected*, never handed to the consumer, and keeps the id it came with, if any (never an
invented one). A handler that raises is the caller's to retry.
"""

import json
from dataclasses import dataclass

from .contracts import payload_check
from .envelope import EVENT_ID_MAX_LENGTH, event_from_bytes
from .validation import InvalidEvent

__all__ = ["Consumed", "event_consume", "event_id_of"]


@dataclass(frozen=True)
class Consumed:
    outcome: str  # "applied", "duplicate" or "rejected"
    event_id: str | None  # None when the bytes carry no usable id
    event_type: str
    error: str = ""  # why it was rejected


def event_consume(raw: bytes, handler, *, expected_type: str | None = None) -> Consumed:
    """Check ``raw`` and hand the event to ``handler`` (which returns False for a duplicate).

    ``expected_type``: the only type ``handler`` takes (the type of the stream ``raw`` came
    from); an event that states another is rejected, since its payload was checked against the
    contract of the type it states, not of the one its handler reads.
    Raises whatever the handler raises: the event was not applied, and may be retried.
    """
    try:
        event = event_from_bytes(raw)
        if expected_type is not None and event.get_type() != expected_type:
            raise InvalidEvent(
                f"type: {event.get_type()[:80]!r} on the stream of {expected_type!r}"
            )
        payload_check(event.get_type(), event.get_data())
    except InvalidEvent as error:
        event_id, event_type = event_id_of(raw)
        return Consumed("rejected", event_id, event_type, str(error))
    applied = handler(event)
    outcome = "duplicate" if applied is False else "applied"
    return Consumed(outcome, event.get_id(), event.get_type())


def event_id_of(raw: bytes) -> tuple[str | None, str]:
    """The ``id`` and ``type`` a possibly broken envelope states, as given: (None, "") for none."""
    try:
        wire = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, ""
    if not isinstance(wire, dict):
        return None, ""
    event_id, event_type = wire.get("id"), wire.get("type")
    if not (isinstance(event_id, str) and 0 < len(event_id) <= EVENT_ID_MAX_LENGTH):
        event_id = None  # no usable id: recorded as none, never shortened or made up
    return event_id, event_type[:255] if isinstance(event_type, str) else ""
