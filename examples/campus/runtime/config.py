"""Configuration read from the environment (twelve-factor III and IV).

A neighbour is an attached resource named by a URL: ``CAMPUS_CATALOG_URL`` and so on. Change the
variable and the service talks to another catalog, with no code edit.
"""

from collections.abc import Mapping
from dataclasses import dataclass

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
        urls = {s: environ[url_variable(s)] for s in services if url_variable(s) in environ}
        return cls(
            urls=urls,
            http_timeout=_number(environ, "CAMPUS_HTTP_TIMEOUT", 2.0, float),
            http_retries=_number(environ, "CAMPUS_HTTP_RETRIES", 1, int),
        )


def _number(environ, name, default, kind):
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a {kind.__name__}") from None
    if value < 0:
        raise ValueError(f"{name}={raw!r} must not be negative")
    return value
