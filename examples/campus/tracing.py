"""Where the time goes: OpenTelemetry spans for every inbound request and outbound call.

A `Trace` owns an in-memory span exporter (OpenTelemetry SDK's `InMemorySpanExporter`, bounded)
and gives each service a tracer provider that names it (the ``service.name`` resource). Spans
cross services in the W3C ``traceparent`` header (OpenTelemetry's default propagator). Notebooks,
diagrams and tests read the outbound spans back as `Hop` records:

    >>> trace = Trace()
    >>> tracer = trace.tracer("dashboard")
    >>> platform_call()                                  # doctest: +SKIP
    >>> trace.hops()[-1].callee                          # doctest: +SKIP
    'catalog'

For a real deployment, ``Trace(otlp=True)`` sends the same spans to an OpenTelemetry collector
too (`otlp_span_processor`); the runtimes ask for it when the SDK's standard
``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``..._TRACES_ENDPOINT``) variable is set
(`campus.assembly.config.otlp_configured`), and the exporter reads it.
"""

import atexit
import random
import threading
from dataclasses import dataclass

from opentelemetry import propagate
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanProcessor,
)
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.id_generator import IdGenerator
from opentelemetry.trace import INVALID_SPAN_ID, INVALID_TRACE_ID, SpanKind, Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

__all__ = ["ATTRIBUTES", "Hop", "Trace", "otlp_span_processor", "tracer_provider"]

# The attributes an outbound span carries (OpenTelemetry's HTTP semantic conventions, plus
# campus.* for what they have no name for).
ATTRIBUTES = {
    "method": "http.request.method",
    "path": "url.path",
    "status": "http.response.status_code",
    "resend": "http.request.resend_count",
    "callee": "peer.service",
    "outcome": "campus.outcome",
    "request_id": "campus.request_id",
}
TRACER_NAME = "campus.http"

# W3C trace context only, not the SDK's default of trace context and baggage: campus reads no
# baggage, and with it every service would forward whatever a client put there to its
# neighbours, after a warning per malformed list member (up to 180 for one header).
propagate.set_global_textmap(TraceContextTextMapPropagator())


@dataclass(frozen=True)
class Hop:
    """One attempt of one inter-service call, as its outbound span recorded it."""

    caller: str
    callee: str
    method: str
    path: str
    status: int | None  # None when no answer came back (timeout, refused)
    ms: float
    outcome: str  # "ok", "http_error", "timeout", "unreachable", "no_token"; "error" if unset
    attempt: int
    request_id: str | None

    @classmethod
    def from_span(cls, span: ReadableSpan) -> "Hop":
        a = span.attributes or {}
        return cls(
            caller=span.resource.attributes.get(SERVICE_NAME, "unknown"),
            callee=a.get(ATTRIBUTES["callee"], "unknown"),
            method=a.get(ATTRIBUTES["method"], ""),
            path=a.get(ATTRIBUTES["path"], ""),
            status=a.get(ATTRIBUTES["status"]),
            ms=(span.end_time - span.start_time) / 1e6,
            outcome=a.get(ATTRIBUTES["outcome"], "error"),  # unset: the attempt raised
            attempt=1 + a.get(ATTRIBUTES["resend"], 0),
            request_id=a.get(ATTRIBUTES["request_id"]),
        )


class Trace:
    """The finished spans of one platform (a bounded in-memory exporter), and a tracer provider
    per service that exports to it (and to an OTLP collector too with ``otlp``)."""

    def __init__(self, maxlen: int = 10_000, *, otlp: bool = False):
        self.exporter = InMemorySpanExporter(max_spans=maxlen)
        self.otlp = otlp
        self._providers: dict[str, TracerProvider] = {}
        self._otlp: list[SpanProcessor] = []
        self._lock = threading.Lock()

    def provider(self, service: str) -> TracerProvider:
        """The tracer provider of ``service``: its spans land here (and with an OTLP collector,
        when one is configured)."""
        with self._lock:
            if service not in self._providers:
                otlp = [otlp_span_processor()] if self.otlp else []
                self._otlp += otlp
                processors = [SimpleSpanProcessor(self.exporter), *otlp]
                self._providers[service] = tracer_provider(service, processors)
            return self._providers[service]

    def tracer(self, service: str) -> Tracer:
        return self.provider(service).get_tracer(TRACER_NAME)

    def wsgi_middleware(self, app, *, service: str):
        """OpenTelemetry's WSGI middleware around ``app``: a server span per request."""
        from opentelemetry.instrumentation.wsgi import OpenTelemetryMiddleware  # web processes'
        from opentelemetry.metrics import NoOpMeterProvider

        # Metrics are Prometheus's (`campus.metrics`): the middleware's own meters would go to
        # OpenTelemetry's global proxy, which keeps every meter it is ever asked for.
        return OpenTelemetryMiddleware(
            app, tracer_provider=self.provider(service), meter_provider=NoOpMeterProvider()
        )

    def spans(self) -> tuple[ReadableSpan, ...]:
        return self.exporter.get_finished_spans()

    def hops(self, *, request_id: str | None = None) -> list[Hop]:
        """Every outbound attempt, oldest first; only those of ``request_id`` when given."""
        hops = [Hop.from_span(s) for s in self.spans() if s.kind == SpanKind.CLIENT]
        return [h for h in hops if request_id is None or h.request_id == request_id]

    def edges(self) -> set[tuple[str, str]]:
        """The distinct (caller, callee) pairs seen so far."""
        return {(h.caller, h.callee) for h in self.hops()}

    def clear(self) -> None:
        self.exporter.clear()

    def close(self) -> None:
        """Send what the OTLP exporters still hold and forget the providers (a platform that
        stops). The spans stay readable; a platform started again gets new providers."""
        with self._lock:
            providers, self._providers = self._providers, {}
            otlp, self._otlp = self._otlp, []
        for provider in providers.values():
            # Each provider asks to be shut down at exit: that hook would keep it, its tracers
            # and through them every span, for as long as the process lives.
            atexit.unregister(provider.shutdown)
        for processor in otlp:
            processor.shutdown()


def tracer_provider(service: str, processors: list[SpanProcessor]) -> TracerProvider:
    """A provider naming ``service``, with the given processors."""
    provider = TracerProvider(
        resource=Resource.create({SERVICE_NAME: service}), id_generator=_OwnRandomIds()
    )
    for processor in processors:
        provider.add_span_processor(processor)
    return provider


class _OwnRandomIds(IdGenerator):
    """The SDK's random ids, drawn from the system's source (``os.urandom``). The SDK's default
    draws from the `random` module's shared generator: every span would move the state that a
    seeded notebook, or a property-based test (Hypothesis checks it), expects to be theirs. A
    generator of our own would be copied into every gunicorn worker forked from the master,
    and each would draw the same ids."""

    def __init__(self):
        self._random = random.SystemRandom()

    def generate_span_id(self) -> int:
        return self._draw(64, INVALID_SPAN_ID)

    def generate_trace_id(self) -> int:
        return self._draw(128, INVALID_TRACE_ID)

    def _draw(self, bits: int, invalid: int) -> int:
        while (drawn := self._random.getrandbits(bits)) == invalid:
            pass
        return drawn


def otlp_span_processor() -> SpanProcessor:
    """A batching OTLP/HTTP exporter; where it sends is the SDK's business: it reads
    ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``) itself."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return BatchSpanProcessor(OTLPSpanExporter())
