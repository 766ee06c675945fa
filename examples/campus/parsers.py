"""The JSON request parser: any bytes become either one unambiguous value or a 400.

DRF's own JSONParser hands the body to ``json.load``, which accepts more than JSON that every
receiver reads the same way, and fails with a 500 on some input (a RecursionError on deep
nesting). This parser accepts I-JSON (RFC 7493), the interoperable subset of JSON (RFC 8259):

- UTF-8 only, without a byte order mark (RFC 8259 section 8.1);
- no lone surrogate, in a key or in a value, escaped or not (RFC 7493 section 2.1);
- no duplicate key in an object (RFC 7493 section 2.3);
- no ``NaN``/``Infinity``, no number beyond a double, no integer beyond +-(2**53 - 1)
  (RFC 7493 section 2.2), so every receiver reads the same number;
- at most `MAX_DEPTH` levels of nesting.

Anything else raises DRF's ``ParseError`` (400, code ``parse_error``) with a message naming the
problem. Configured in settings as ``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``.
"""

import json
import math

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

__all__ = ["MAX_DEPTH", "StrictJSONParser", "json_loads_strict"]

MAX_DEPTH = 32  # every body this API takes is one flat object
_SAFE_INTEGER = 2**53 - 1
_BOM = b"\xef\xbb\xbf"


class _Refused(ValueError):
    """A parse hook's refusal, with a message fit for the client."""


class StrictJSONParser(JSONParser):
    """DRF parser for ``application/json`` that takes I-JSON only (see the module docstring)."""

    def parse(self, stream, media_type=None, parser_context=None):
        return json_loads_strict(stream.read())


def json_loads_strict(raw: bytes) -> object:
    """Parse ``raw`` as I-JSON; raises ``ParseError`` naming the first problem found.

    >>> json_loads_strict(b'{"learner": "ada"}')
    {'learner': 'ada'}
    """
    if raw.startswith(_BOM):
        raise ParseError("The body starts with a byte order mark; send UTF-8 without one.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"The body is not UTF-8 (invalid byte at offset {exc.start}).") from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_object,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
        )
    except RecursionError:
        raise ParseError(f"The body nests deeper than {MAX_DEPTH} levels.") from None
    except _Refused as exc:
        raise ParseError(str(exc)) from None
    except ValueError as exc:  # JSONDecodeError, or too many digits for int()
        raise ParseError(f"The body is not JSON: {exc}") from None
    _check(value)
    return value


def _object(pairs: list[tuple[str, object]]) -> dict:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise _Refused(f"The key {_shown(twice)} appears twice in one object.")
    return value


def _constant(name: str):
    raise _Refused(f"{name} is not a JSON number.")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"The number {text[:40]} is too large for a double.")
    return value


def _int(text: str) -> int:
    # JSON integers have no leading zeros, so more digits than 2**53 - 1 has (16) is beyond it:
    # judged before int(), which refuses over 4300 digits with a message about Python itself.
    value = None if len(text.lstrip("-")) > len(str(_SAFE_INTEGER)) else int(text)
    if value is None or abs(value) > _SAFE_INTEGER:
        raise _Refused(f"The integer {text[:40]} is beyond +-(2**53 - 1).")
    return value


def _check(value: object) -> None:
    """Depth and lone surrogates, walked without recursion (the value may be deep)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list) and depth > MAX_DEPTH:
            raise ParseError(f"The body nests deeper than {MAX_DEPTH} levels.")
        if isinstance(item, dict):
            pending.extend((key, depth) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and not _is_unicode(item):
            raise ParseError(f"The string {_shown(item)} holds a lone surrogate (not Unicode).")


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(text: str) -> str:
    """``text`` quoted for a message: at most 40 characters, lone surrogates escaped."""
    return repr(text[:40])
