"""What both runtimes configure alike: where neighbours are, and the limits of every call.

``CAMPUS_HTTP_TIMEOUT`` (seconds per attempt), ``CAMPUS_HTTP_RETRIES`` (extra attempts of an
idempotent call), ``CAMPUS_DEADLINE`` (a request's end-to-end budget, seconds),
``CAMPUS_HTTP_BREAKER`` and ``CAMPUS_HTTP_BACKOFF`` (on or off), ``CAMPUS_DASHBOARD_TITLE_TTL``
(seconds the dashboard caches course titles; 0, the default, asks the catalog every time),
``CAMPUS_DASHBOARD_READ_MODEL`` (on: the microservices' dashboard answers from its read model and
calls no one; off, the default: it asks its neighbours on every page; the monolith's dashboard
reads the other apps' tables either way). ``CAMPUS_CATALOG_WAIT_MS`` and ``CAMPUS_CATALOG_BURN_MS``
(0, the default: off) inject waiting or CPU work into every catalog request
(`campus.assembly.injected_work`).

A neighbour is an attached resource named by a URL: ``CAMPUS_CATALOG_URL`` and so on. Change the
variable and the service talks to another catalog, with no code edit.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .read import given, value
from .variables import url_variable

__all__ = ["PlatformConfig", "otlp_configured"]


def _default(name: str):
    return value({}, name)


@dataclass(frozen=True)
class PlatformConfig:
    urls: dict[str, str]  # neighbour name -> base URL, for the services that call it
    http_timeout: float = _default("CAMPUS_HTTP_TIMEOUT")
    http_retries: int = _default("CAMPUS_HTTP_RETRIES")
    deadline: float = _default("CAMPUS_DEADLINE")  # end to end, unless its caller says less
    breaker: bool = _default("CAMPUS_HTTP_BREAKER")  # a circuit breaker per neighbour
    backoff: bool = _default("CAMPUS_HTTP_BACKOFF")  # backoff with jitter between retries
    title_ttl: float = _default("CAMPUS_DASHBOARD_TITLE_TTL")  # 0 asks every time
    read_model: bool = _default("CAMPUS_DASHBOARD_READ_MODEL")  # instead of calling anyone
    catalog_wait_ms: float = _default("CAMPUS_CATALOG_WAIT_MS")  # an experiment's, 0 off
    catalog_burn_ms: float = _default("CAMPUS_CATALOG_BURN_MS")

    def dashboard_reads(self, *, fan_out) -> dict:
        """The options of `campus.assembly.wiring.service_ports` that say how the dashboard reads,
        with ``fan_out``, the pool it asks its neighbours on."""
        return {"title_ttl": self.title_ttl, "fan_out": fan_out, "read_model": self.read_model}

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], services) -> "PlatformConfig":
        urls = {s: value(environ, url_variable(s)) for s in services if url_variable(s) in environ}
        return cls(
            urls=urls,
            # 0, nan and inf are no timeout at all: every call would fail or could hang.
            http_timeout=value(environ, "CAMPUS_HTTP_TIMEOUT"),
            http_retries=value(environ, "CAMPUS_HTTP_RETRIES"),
            deadline=value(environ, "CAMPUS_DEADLINE"),
            breaker=value(environ, "CAMPUS_HTTP_BREAKER"),
            backoff=value(environ, "CAMPUS_HTTP_BACKOFF"),
            title_ttl=value(environ, "CAMPUS_DASHBOARD_TITLE_TTL"),
            read_model=value(environ, "CAMPUS_DASHBOARD_READ_MODEL"),
            catalog_wait_ms=value(environ, "CAMPUS_CATALOG_WAIT_MS"),
            catalog_burn_ms=value(environ, "CAMPUS_CATALOG_BURN_MS"),
        )


def otlp_configured(environ: Mapping[str, str]) -> bool:
    """Whether spans should also go to an OpenTelemetry collector: the SDK's own
    ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``..._TRACES_ENDPOINT``) is set; the exporter reads it.

        >>> otlp_configured({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"})
        True
    """
    names = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    return any(given(environ, name) for name in names)
