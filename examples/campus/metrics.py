"""Prometheus metrics of one service, served at ``/metrics`` (prometheus-client).

    campus_http_requests_total{service, method, status}            inbound answers
    campus_http_request_duration_seconds{service, method}          inbound latency (histogram)
    campus_deadline_exceeded_total{service}                        requests dropped: caller gone
    campus_outbound_calls_total{service, callee, outcome}          attempts to a neighbour
    campus_circuit_breaker_state{service, callee}                  0 closed, 1 half-open, 2 open

Under gunicorn with several workers each worker counts on its own; with
``PROMETHEUS_MULTIPROC_DIR`` set (what ``campus up`` does) prometheus-client's multiprocess mode
adds them up, so ``/metrics`` answers for the whole service whichever worker serves it: the real
runtime reads the variable (`campus.process.app`) and says so with ``multiprocess=True``.

    >>> metrics = ServiceMetrics("catalog")
    >>> metrics.inbound(method="GET", status="200", seconds=0.003)
    >>> b"campus_http_requests_total" in metrics.exposition()
    True
"""

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from .resilience import BREAKER_STATES

__all__ = ["CONTENT_TYPE", "NOT_SENT", "ServiceMetrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# From 1 ms (a cached read) to 2.5 s (past any deadline campus sets).
# Outcomes of attempts the client stopped before anything was sent.
NOT_SENT = frozenset({"circuit_open", "bulkhead_full", "deadline", "no_token"})
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class _BreakerStates:
    """A collector that reads each breaker's state when scraped (shared state, when in Redis)."""

    def __init__(self, service: str, breakers: dict):
        self.service, self.breakers = service, breakers

    def collect(self):
        family = GaugeMetricFamily(
            "campus_circuit_breaker_state",
            "Circuit breaker per neighbour: 0 closed, 1 half-open, 2 open",
            labels=["service", "callee"],
        )
        for callee, breaker in sorted(self.breakers.items()):
            family.add_metric([self.service, callee], BREAKER_STATES[breaker.current_state])
        yield family


class ServiceMetrics:
    """The metrics of service ``service`` in this process, in a registry of their own (two
    platforms in one process never add up each other's counts). ``multiprocess``: answer with
    the counts of every worker process (prometheus-client's multiprocess mode is on)."""

    def __init__(self, service: str, *, multiprocess: bool = False):
        self.service = service
        self.breakers: dict = {}  # callee -> pybreaker breaker, read at each scrape
        own = CollectorRegistry(auto_describe=True)
        label = ["service"]
        self._requests = Counter(
            "campus_http_requests", "Inbound requests answered", [*label, "method", "status"],
            registry=own,
        )  # fmt: skip
        self._latency = Histogram(
            "campus_http_request_duration_seconds", "Inbound request latency",
            [*label, "method"], buckets=_BUCKETS, registry=own,
        )  # fmt: skip
        self._dropped = Counter(
            "campus_deadline_exceeded", "Inbound requests not served: the caller's deadline "
            "had passed", label, registry=own,
        )  # fmt: skip
        self._outbound = Counter(
            "campus_outbound_calls", "Attempts to call a neighbour, by outcome",
            [*label, "callee", "outcome"], registry=own,
        )  # fmt: skip
        if multiprocess:
            self.registry = CollectorRegistry()
            MultiProcessCollector(self.registry)
        else:
            self.registry = own
        self.registry.register(_BreakerStates(service, self.breakers))

    def inbound(self, *, method: str, status: str, seconds: float) -> None:
        # Any word may arrive as a method: only the known ones become labels (bounded series).
        method = method if method in _METHODS else "other"
        self._requests.labels(self.service, method, status).inc()
        self._latency.labels(self.service, method).observe(seconds)

    def deadline_exceeded(self) -> None:
        self._dropped.labels(self.service).inc()

    def outbound(self, *, callee: str, outcome: str) -> None:
        self._outbound.labels(self.service, callee, outcome).inc()

    def outbound_count(self, *, callee: str, sent: bool = True) -> float:
        """Attempts to ``callee`` counted in this process so far: those that went out on the
        wire (``sent``), or every one, refused by the breaker or the bulkhead too."""
        total = 0.0
        for metric in self._outbound.collect():
            for s in metric.samples:
                if not s.name.endswith("_total") or s.labels["callee"] != callee:
                    continue
                if not sent or s.labels["outcome"] not in NOT_SENT:
                    total += s.value
        return total

    def exposition(self) -> bytes:
        """The Prometheus text format of every metric above."""
        return generate_latest(self.registry)
