"""Configuration read from the environment (twelve-factor III and IV).

A neighbour is an attached resource named by a URL: ``CAMPUS_CATALOG_URL`` and so on. Change the
variable and the service talks to another catalog, with no code edit.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from campus.django_base import ConfigurationError

__all__ = ["PlatformConfig", "url_variable"]


def url_variable(service: str) -> str:
    return f"CAMPUS_{service.upper()}_URL"


@dataclass(frozen=True)
class PlatformConfig:
    urls: dict[str, str]  # neighbour name -> base URL, for the services that call it
    http_timeout: float = 2.0
    http_retries: int = 1

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], services) -> "PlatformConfig":
        urls = {s: _url(environ, url_variable(s)) for s in services if url_variable(s) in environ}
        return cls(
            urls=urls,
            # 0, nan and inf are no timeout at all: every call would fail or could hang.
            http_timeout=_number(environ, "CAMPUS_HTTP_TIMEOUT", 2.0, float, lowest=1e-3),
            http_retries=_number(environ, "CAMPUS_HTTP_RETRIES", 1, int),
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
