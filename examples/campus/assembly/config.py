"""Configuration read from the environment (twelve-factor III and IV).

``CAMPUS_HTTP_TIMEOUT`` (seconds per attempt), ``CAMPUS_HTTP_RETRIES`` (extra attempts of an
idempotent call), ``CAMPUS_DEADLINE`` (a request's end-to-end budget, seconds),
``CAMPUS_HTTP_BREAKER`` and ``CAMPUS_HTTP_BACKOFF`` (on or off), ``CAMPUS_DASHBOARD_TITLE_TTL``
(seconds the dashboard caches course titles; 0, the default, asks the catalog every time),
``CAMPUS_DASHBOARD_READ_MODEL`` (on: the microservices' dashboard answers from its read model and
calls no one; off, the default: it asks its neighbours on every page; the monolith's dashboard
reads the other apps' tables either way).

A neighbour is an attached resource named by a URL: ``CAMPUS_CATALOG_URL`` and so on. Change the
variable and the service talks to another catalog, with no code edit.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import environ as django_environ

from campus.django_base import ConfigurationError

__all__ = ["PlatformConfig", "flag_read", "url_variable"]


def url_variable(service: str) -> str:
    """``CAMPUS_CATALOG_URL`` for ``catalog``: where its neighbours find it."""
    return f"CAMPUS_{service.upper()}_URL"


def flag_read(environ: Mapping[str, str], name: str, default: bool) -> bool:
    """The boolean ``name`` in ``environ``, in django-environ's words: ``true``, ``on``, ``yes``,
    ``y``, ``ok`` or ``1`` for true; ``false``, ``off``, ``no``, ``n`` or ``0`` for false.

        >>> flag_read({"CAMPUS_HTTP_BREAKER": "off"}, "CAMPUS_HTTP_BREAKER", True)
        False
    """
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in django_environ.Env.BOOLEAN_TRUE_STRINGS:
        return True
    # django-environ reads every other word as false: a typo ("ture") or an empty value would
    # switch a feature off unnoticed, so only these words mean false and anything else is refused.
    if word in _FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean: true or false (or on, off)")


_FALSE_WORDS = frozenset({"false", "off", "no", "n", "0"})


@dataclass(frozen=True)
class PlatformConfig:
    urls: dict[str, str]  # neighbour name -> base URL, for the services that call it
    http_timeout: float = 2.0
    http_retries: int = 1
    deadline: float = 1.0  # seconds a request may take end to end, unless its caller says less
    breaker: bool = True  # a circuit breaker per neighbour
    backoff: bool = True  # exponential backoff with jitter between retries (else at once)
    title_ttl: float = 0.0  # seconds the dashboard keeps course titles; 0 asks every time
    read_model: bool = False  # the dashboard reads its read model instead of calling anyone

    def dashboard_reads(self, *, fan_out) -> dict:
        """The options of `campus.assembly.wiring.service_ports` that say how the dashboard reads,
        with ``fan_out``, the pool it asks its neighbours on."""
        return {"title_ttl": self.title_ttl, "fan_out": fan_out, "read_model": self.read_model}

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], services) -> "PlatformConfig":
        urls = {s: _url(environ, url_variable(s)) for s in services if url_variable(s) in environ}
        return cls(
            urls=urls,
            # 0, nan and inf are no timeout at all: every call would fail or could hang.
            http_timeout=_number(environ, "CAMPUS_HTTP_TIMEOUT", 2.0, float, lowest=1e-3),
            http_retries=_number(environ, "CAMPUS_HTTP_RETRIES", 1, int),
            deadline=_number(environ, "CAMPUS_DEADLINE", 1.0, float, lowest=1e-3),
            breaker=flag_read(environ, "CAMPUS_HTTP_BREAKER", True),
            backoff=flag_read(environ, "CAMPUS_HTTP_BACKOFF", True),
            title_ttl=_number(environ, "CAMPUS_DASHBOARD_TITLE_TTL", 0.0, float),
            read_model=flag_read(environ, "CAMPUS_DASHBOARD_READ_MODEL", False),
        )


def _url(environ, name) -> str:
    raw = environ[name]
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 -- parsing the port is what checks it
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"{name}={raw!r} is not an http(s) URL such as http://127.0.0.1:8001"
        )
    return raw


def _number(environ, name, default, kind, *, lowest=0):
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigurationError(f"{name}={raw!r} is not {what}") from None
    if not lowest <= value < math.inf:  # written so that nan fails too
        raise ConfigurationError(f"{name}={raw!r} must be a finite number, at least {lowest}")
    return value
