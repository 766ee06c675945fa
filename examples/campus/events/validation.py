"""Checking event envelopes and payloads with JSON Schema (the ``jsonschema`` library).

Formats are checked, with `formats`: ``date-time`` (RFC 3339, with its offset), and ``learner``,
``course-key`` and ``uuid``, which hold a whole string to the same rules the HTTP API applies
(`campus.keys`). A JSON Schema ``pattern`` alone is searched, not matched, so Python's ``$``
would let ``"ada\\n"`` through.

``jsonschema`` is imported on the first check, not with this module: every ``campus`` process
(``manage``, ``serve``) would pay for it at start whether it checks events or not.
"""

import functools
import re
import sys
import threading
from datetime import UTC, datetime

from campus.keys import COURSE_KEY_PATTERN, LEARNER_PATTERN

__all__ = ["InvalidEvent", "formats", "schema_check", "validator_load"]

_LEARNER = re.compile(LEARNER_PATTERN)
_COURSE_KEY = re.compile(COURSE_KEY_PATTERN)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_importing = threading.Lock()


class InvalidEvent(ValueError):
    """An event that must not be applied: its envelope or its payload breaks its contract.

    ``str(error)`` names where (``envelope`` or ``data``), the attribute and the rule broken.
    """


def _date_time(text) -> bool:
    if not isinstance(text, str):
        return True  # ``type`` says what is wrong with a non-string
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", text):
        return False
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        return False
    try:
        # The instant must exist in UTC too: 0001-01-01T00:00:00+05:00 is in year 0 there, and a
        # database that stores UTC (PostgreSQL's timestamptz) could store it but never read it
        # back into Python.
        value.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _learner(text) -> bool:
    return not isinstance(text, str) or _LEARNER.fullmatch(text) is not None


def _course_key(text) -> bool:
    return not isinstance(text, str) or _COURSE_KEY.fullmatch(text) is not None


def _uuid(text) -> bool:
    # The canonical form only (RFC 9562, 4): lower-case hex in 8-4-4-4-12, as Python writes it.
    return not isinstance(text, str) or _UUID.fullmatch(text) is not None


def _jsonschema():
    """The ``jsonschema`` package, imported by one thread at a time: two relays that publish
    their first events together would otherwise each import it, and one may see the other's
    half-initialised module (an ImportError naming a circular import)."""
    with _importing:
        # Its IRI formats need rfc3987_syntax (Jupyter's extras install it), whose import builds
        # a grammar for 1.5 s. Campus checks its own formats only: jsonschema is imported as if
        # that package were absent, which it allows, and the package stays importable.
        blocked = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
        if blocked:
            sys.modules["rfc3987_syntax"] = None
        try:
            import jsonschema.exceptions
            import jsonschema.validators
        finally:
            if blocked:
                del sys.modules["rfc3987_syntax"]
    return jsonschema


@functools.cache
def formats():
    """The ``jsonschema.FormatChecker`` for campus's formats, and only those."""
    checker = _jsonschema().FormatChecker(formats=())
    checker.checks("date-time", raises=ValueError)(_date_time)
    checker.checks("learner")(_learner)
    checker.checks("course-key")(_course_key)
    checker.checks("uuid")(_uuid)
    return checker


def validator_load() -> None:
    """Import ``jsonschema`` now rather than on the first event: what a worker process does
    before it says it is ready, so its first event does not wait a second or two."""
    _jsonschema().validators.Draft202012Validator({}, format_checker=formats())


def schema_check(schema: dict, instance, *, where: str) -> None:
    """Raise `InvalidEvent` naming the most relevant error when ``instance`` breaks ``schema``."""
    jsonschema = _jsonschema()
    validator = jsonschema.validators.Draft202012Validator(schema, format_checker=formats())
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        path = "".join(f"[{p!r}]" for p in error.absolute_path)
        raise InvalidEvent(f"{where}{path}: {_short(error.message)}")


def _short(message: str) -> str:
    # A 300-character learner would otherwise be repeated whole in every log line and record.
    return message if len(message) <= 120 else message[:117] + "..."
