"""I-JSON (RFC 7493): the interoperable subset of JSON (RFC 8259) that every campus service
reads, in a request body (`campus.parsers`) and in an event (`campus.events.envelope`) alike:

- UTF-8 only, without a byte order mark (RFC 8259 section 8.1);
- no lone surrogate, in a key or in a value, escaped or not (RFC 7493 section 2.1): no database
  can store one, and UTF-8 cannot carry it;
- no duplicate key in an object (RFC 7493 section 2.3);
- no ``NaN``/``Infinity``, no number beyond a double, no integer beyond +-(2**53 - 1)
  (RFC 7493 section 2.2), so every receiver reads the same number;
- at most `MAX_DEPTH` levels of nesting.

    >>> ijson_loads(b'{"learner": "ada"}')
    {'learner': 'ada'}
"""

import json
import math

__all__ = ["MAX_DEPTH", "NotIJson", "ijson_loads"]

MAX_DEPTH = 32  # every body this API takes is one flat object, every event two levels
_SAFE_INTEGER = 2**53 - 1
_BOM = b"\xef\xbb\xbf"


class NotIJson(ValueError):
    """The document is not I-JSON; ``str(error)`` names the first problem found."""


def ijson_loads(raw: bytes | str, *, what: str = "The body") -> object:
    """Parse ``raw`` as I-JSON; raises `NotIJson` naming the problem, with ``what`` as the
    subject of its message (``"The body is not UTF-8 ..."``)."""
    if isinstance(raw, bytes):
        if raw.startswith(_BOM):
            raise NotIJson(f"{what} starts with a byte order mark; send UTF-8 without one.")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotIJson(f"{what} is not UTF-8 (invalid byte at offset {exc.start}).") from None
    try:
        value = json.loads(
            raw,
            object_pairs_hook=_object,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
        )
    except RecursionError:
        raise NotIJson(f"{what} nests deeper than {MAX_DEPTH} levels.") from None
    except NotIJson:
        raise
    except ValueError as exc:  # JSONDecodeError, or too many digits for int()
        raise NotIJson(f"{what} is not JSON: {exc}") from None
    _check(value, what)
    return value


def _object(pairs: list[tuple[str, object]]) -> dict:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise NotIJson(f"The key {_shown(twice)} appears twice in one object.")
    return value


def _constant(name: str):
    raise NotIJson(f"{name} is not a JSON number.")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotIJson(f"The number {text[:40]} is too large for a double.")
    return value


def _int(text: str) -> int:
    # JSON integers have no leading zeros, so more digits than 2**53 - 1 has (16) is beyond it:
    # judged before int(), which refuses over 4300 digits with a message about Python itself.
    value = None if len(text.lstrip("-")) > len(str(_SAFE_INTEGER)) else int(text)
    if value is None or abs(value) > _SAFE_INTEGER:
        raise NotIJson(f"The integer {text[:40]} is beyond +-(2**53 - 1).")
    return value


def _check(value: object, what: str) -> None:
    """Depth and lone surrogates, walked without recursion (the value may be deep)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list) and depth > MAX_DEPTH:
            raise NotIJson(f"{what} nests deeper than {MAX_DEPTH} levels.")
        if isinstance(item, dict):
            pending.extend((key, depth) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and not _is_unicode(item):
            raise NotIJson(f"The string {_shown(item)} holds a lone surrogate (not Unicode).")


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(text: str) -> str:
    """``text`` quoted for a message: at most 40 characters, lone surrogates escaped."""
    return repr(text[:40])
