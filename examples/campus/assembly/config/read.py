"""The readers: a catalogued variable from a mapping (``os.environ`` or a test's dict), parsed by
its kind in django-environ's vocabulary, with the catalogue's default when it is unset.

    >>> value({"CAMPUS_HTTP_RETRIES": "0"}, "CAMPUS_HTTP_RETRIES")
    0
    >>> value({}, "CAMPUS_HTTP_BREAKER")
    True

A bad value raises `ConfigurationError` naming the variable and the value; a name missing from
the catalogue raises KeyError, so no variable is read that the catalogue does not list.
"""

import json
import math
from collections.abc import Mapping
from pathlib import Path

import environ as django_environ

from .variables import variable

__all__ = [
    "ConfigurationError",
    "cache_folder",
    "env",
    "flag_read",
    "given",
    "prefixed",
    "value",
]


class ConfigurationError(ValueError):
    """A variable of the environment holds a value campus cannot use; the message names it.

    Entry points (`campus.cli`) print the message as one line and exit with status 2.
    """


def env(environ: Mapping[str, str]) -> django_environ.Env:
    """django-environ's reader over ``environ``, not over the process's environment.

    >>> env({"HOSTS": "a,b"}).list("HOSTS")
    ['a', 'b']
    """
    reader = django_environ.Env()
    reader.ENVIRON = dict(environ)
    return reader


def given(environ: Mapping[str, str], name: str) -> str | None:
    """The text of catalogued variable ``name`` as set, or None when unset or empty.

    >>> given({"CAMPUS_DATA_DIR": ""}, "CAMPUS_DATA_DIR") is None
    True
    """
    variable(name)
    return environ.get(name) or None


def prefixed(environ: Mapping[str, str], prefix: str) -> dict[str, str]:
    """Every variable in ``environ`` whose name starts with ``prefix``, catalogued or not, by
    name: what the audit looks at, misspelt names included.

        >>> prefixed({"CAMPUS_DEADLNE": "1", "PATH": "/bin"}, "CAMPUS_")
        {'CAMPUS_DEADLNE': '1'}
    """
    return {name: environ[name] for name in sorted(environ) if name.startswith(prefix)}


def value(environ: Mapping[str, str], name: str):
    """Catalogued variable ``name`` parsed by its kind; its default when unset (None if none).

    >>> value({"CAMPUS_DEADLINE": "0.5"}, "CAMPUS_DEADLINE")
    0.5
    """
    spec = variable(name)
    raw = environ.get(name)
    if raw is None:
        raw = spec.default
    if raw is None:
        return None
    reader = _READERS.get(spec.kind)
    return reader(spec, raw, environ) if reader else raw


def flag_read(environ: Mapping[str, str], name: str, default: bool) -> bool:
    """The boolean ``name`` in ``environ``, in django-environ's words: ``true``, ``on``, ``yes``,
    ``y``, ``ok`` or ``1`` for true; ``false``, ``off``, ``no``, ``n`` or ``0`` for false.

        >>> flag_read({"CAMPUS_HTTP_BREAKER": "off"}, "CAMPUS_HTTP_BREAKER", True)
        False
    """
    raw = environ.get(name)
    if raw is None:
        return default
    return _flag(name, raw)


def _flag(name: str, raw: str) -> bool:
    word = raw.strip().lower()
    if word in django_environ.Env.BOOLEAN_TRUE_STRINGS:
        return True
    # django-environ reads every other word as false: a typo ("ture") or an empty value would
    # switch a feature off unnoticed, so only these words mean false and anything else is refused.
    if word in _FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean: true or false (or on, off)")


_FALSE_WORDS = frozenset({"false", "off", "no", "n", "0"})


def _number(spec, raw, environ):
    whole = spec.kind == "whole number"
    # Not env.float: django-environ keeps only digits, signs and separators first, so it refuses
    # "1e-3" (read as "1-3"); float() reads it, and the check below refuses nan and inf by name.
    try:
        number = env({spec.name: raw}).int(spec.name) if whole else float(raw)
    except ValueError:
        raise ConfigurationError(
            f"{spec.name}={raw!r} is not {'a whole number' if whole else 'a number'}"
        ) from None
    if not spec.lowest <= number < math.inf:  # written so that nan fails too
        raise ConfigurationError(
            f"{spec.name}={raw!r} must be a finite number, at least {spec.lowest}"
        )
    return number


def _http_url(spec, raw, environ) -> str:
    try:
        parts = env({spec.name: raw}).url(spec.name)
        parts.port  # noqa: B018 -- parsing the port is what checks it
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"{spec.name}={raw!r} is not an http(s) URL such as http://127.0.0.1:8001"
        )
    return raw


def _choice(spec, raw, environ) -> str:
    # A log level is accepted in any case, as Python's logging names it in capitals.
    chosen = raw.upper() if spec.choices and spec.choices[0].isupper() else raw
    if chosen not in spec.choices:
        raise ConfigurationError(f"{spec.name}={chosen!r} must be one of {list(spec.choices)}")
    return chosen


def _database(spec, raw, environ) -> dict:
    try:
        return env({spec.name: raw}).db_url(spec.name)
    except Exception as exc:  # django-environ raises several kinds for a malformed URL
        raise ConfigurationError(f"{spec.name} is not a database URL: {exc}") from None


def _json(spec, raw, environ):
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{spec.name} is not JSON: {exc}") from None


_READERS = {
    "flag": lambda spec, raw, environ: _flag(spec.name, raw),
    "number": _number,
    "whole number": _number,
    "http url": _http_url,
    "choice": _choice,
    "database url": _database,
    "json": _json,
    "list": lambda spec, raw, environ: env({spec.name: raw}).list(spec.name),
}


def cache_folder(environ: Mapping[str, str]) -> Path:
    """campus's folder of things worth keeping between runs, such as migrated database templates:
    ``campus`` in the user's cache folder, as the XDG base directory rules name it.

        >>> cache_folder({"XDG_CACHE_HOME": "/var/cache/me"})
        PosixPath('/var/cache/me/campus')
    """
    base = given(environ, "XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "campus"
