"""Event contracts: a JSON Schema for each event type's payload, checked on publish and consume.

OEP-41 versions an event type by its name (``...completed.v1``): within one name, a schema may
only grow in ways every existing consumer can read, that is by optional fields; anything else
(a field removed, renamed, retyped or newly required) is a breaking change and gets a new type
name (``...completed.v2``). `revision_breaking_changes` says which case a new revision is in.

A schema never forbids unknown fields, so a consumer written against revision 1 reads an event
written to revision 2.

    >>> try:
    ...     payload_check(COURSE_COMPLETED, {"learner": "ada", "course_key": "not a key",
    ...                   "completed_at": "2026-01-01T00:00:00+00:00"})
    ... except InvalidEvent as error:
    ...     print(str(error)[:40])
    data['course_key']: 'not a key' does not
"""

from campus.keys import (
    COURSE_KEY_MAX_LENGTH,
    COURSE_KEY_PATTERN,
    LEARNER_MAX_LENGTH,
    LEARNER_PATTERN,
    TEXT_NOT_BLANK_PATTERN,
    TITLE_MAX_LENGTH,
)

from .envelope import event_to_bytes
from .types import CERTIFICATE_CREATED, COURSE_CHANGED, COURSE_COMPLETED, ENROLLMENT_CREATED
from .validation import InvalidEvent, schema_check

__all__ = [
    "CONTRACTS",
    "event_check",
    "payload_check",
    "revision_breaking_changes",
    "schema_uri",
]

LEARNER = {
    "type": "string",
    "maxLength": LEARNER_MAX_LENGTH,
    "pattern": LEARNER_PATTERN,
    "format": "learner",
}
COURSE_KEY = {
    "type": "string",
    "maxLength": COURSE_KEY_MAX_LENGTH,
    "pattern": COURSE_KEY_PATTERN,
    "format": "course-key",
}
INSTANT = {"type": "string", "format": "date-time"}


def schema_uri(event_type: str, revision: int) -> str:
    """The CloudEvents ``dataschema`` of one revision of a type's payload schema."""
    return f"urn:campus:schema:{event_type}:{revision}"


def _schema(event_type: str, revision: int, title: str, required: dict, optional=None) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_uri(event_type, revision),
        "title": title,
        "type": "object",
        "required": sorted(required),
        "properties": {**required, **(optional or {})},
    }


# type -> its schema revisions, oldest first; producers write the last, consumers read any.
CONTRACTS: dict[str, tuple[dict, ...]] = {
    COURSE_COMPLETED: (
        _schema(
            COURSE_COMPLETED,
            1,
            "A learner completed a course run",
            {
                "learner": LEARNER,
                "course_key": COURSE_KEY,
                "completed_at": INSTANT,
            },
        ),
    ),
    COURSE_CHANGED: (
        _schema(
            COURSE_CHANGED,
            1,
            "A course run was created or changed: its catalog information as it is now",
            {
                "course_key": COURSE_KEY,
                "title": {
                    "type": "string",
                    "maxLength": TITLE_MAX_LENGTH,
                    "pattern": TEXT_NOT_BLANK_PATTERN,
                },
                "enrollment_open": {"type": "boolean"},
                "changed_at": INSTANT,
            },
        ),
    ),
    ENROLLMENT_CREATED: (
        _schema(
            ENROLLMENT_CREATED,
            1,
            "A learner enrolled in a course run",
            {"learner": LEARNER, "course_key": COURSE_KEY, "created_at": INSTANT},
        ),
    ),
    CERTIFICATE_CREATED: (
        _schema(
            CERTIFICATE_CREATED,
            1,
            "A certificate was issued to a learner for a course run",
            {
                "learner": LEARNER,
                "course_key": COURSE_KEY,
                "uuid": {"type": "string", "format": "uuid"},
                "issued_at": INSTANT,
            },
        ),
    ),
}


def payload_check(event_type: str, data, *, schema: dict | None = None) -> None:
    """Raise `InvalidEvent` unless ``data`` is a valid payload of ``event_type``.

    ``schema`` defaults to the first revision of the type: what every consumer of this type name
    can rely on. An unknown type has no contract and is refused.
    """
    if schema is None:
        if event_type not in CONTRACTS:
            raise InvalidEvent(f"type: no contract for {event_type[:80]!r}")
        schema = CONTRACTS[event_type][0]
    schema_check(schema, data, where="data")


def event_check(event, *, schema: dict | None = None) -> bytes:
    """The wire bytes of ``event`` once its payload passed `payload_check`: what a producer
    calls before an event leaves it. Raises `InvalidEvent`."""
    payload_check(event.get_type(), event.get_data(), schema=schema)
    return event_to_bytes(event)


def revision_breaking_changes(old: dict, new: dict) -> list[str]:
    """What makes ``new`` unreadable by consumers of ``old``: empty when it may keep the type
    name, else one line per breaking change (so it needs a new type name, OEP-41)."""
    changes = []
    for name, rule in old["properties"].items():
        if name not in new["properties"]:
            changes.append(f"{name}: removed")
        elif new["properties"][name] != rule:
            changes.append(f"{name}: its schema changed")
    for name in set(new["required"]) - set(old["required"]):
        changes.append(f"{name}: newly required")
    if new.get("additionalProperties", True) is not True:
        changes.append("unknown fields refused: later revisions could not add any")
    return sorted(changes)
