"""Compose's variable interpolation, applied to a parsed compose file's values.

    >>> interpolated({"image": "${DB_IMAGE:-postgres:15}"}, {})
    {'image': 'postgres:15'}

The forms of the Compose Specification: ``$NAME``, ``${NAME}``, ``${NAME:-default}`` (unset or
empty), ``${NAME-default}`` (unset), ``${NAME:?message}`` and ``${NAME?message}`` (refuse to
go on), ``$$`` for a dollar sign. Applied after parsing, so a value may span lines (a PEM key).
"""

import re

__all__ = ["MissingVariable", "interpolated"]

PATTERN = re.compile(
    r"\$(?:(?P<dollar>\$)|\{(?P<name>[A-Za-z_]\w*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_]\w*))"
)


class MissingVariable(ValueError):
    """A ``${NAME:?message}`` whose variable is not set: the message says what to set."""


def interpolated(value, environ: dict[str, str]):
    """``value`` (a parsed YAML tree) with every string's variables replaced from ``environ``."""
    if isinstance(value, dict):
        return {key: interpolated(item, environ) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolated(item, environ) for item in value]
    if isinstance(value, str):
        return PATTERN.sub(lambda match: _replacement(match, environ), value)
    return value


def _replacement(match: re.Match, environ: dict[str, str]) -> str:
    if match["dollar"]:
        return "$"
    name = match["name"] or match["bare"]
    found = environ.get(name)
    op, arg = match["op"] or "", match["arg"] or ""
    missing = found is None or (op.startswith(":") and found == "")
    if missing and op.endswith("-"):
        return arg
    if missing and op.endswith("?"):
        raise MissingVariable(f"{name}: {arg}")
    return found or ""
