"""One place that turns configuration into the client a service calls a neighbour with.

Both runtimes use it: the in-process platform (breaker state in memory) and a real process
under gunicorn (``campus up``: state in Redis, shared by every worker of the service).

    >>> client = client_build("dashboard", "catalog", config=config, trace=trace,
    ...                       metrics=metrics)                       # doctest: +SKIP
"""

from campus.http import ServiceClient
from campus.metrics import ServiceMetrics
from campus.resilience import circuit_breaker
from campus.tracing import Trace

from .config import PlatformConfig

__all__ = ["client_build"]


def client_build(
    caller: str,
    callee: str,
    *,
    config: PlatformConfig,
    trace: Trace,
    metrics: ServiceMetrics,
    redis_client=None,
    auth=None,
) -> ServiceClient:
    """The client ``caller`` uses for ``callee``; its breaker, if configured, is reported by
    ``caller``'s ``/metrics``; ``auth`` (a ``requests`` auth) is what it proves itself with."""
    breaker = None
    if config.breaker:
        breaker = circuit_breaker(f"{caller}->{callee}", redis_client=redis_client)
        metrics.breakers[callee] = breaker
    return ServiceClient(
        caller=caller,
        callee=callee,
        base_url=config.urls[callee],
        timeout=config.http_timeout,
        retries=config.http_retries,
        trace=trace,
        backoff=config.backoff,
        breaker=breaker,
        metrics=metrics,
        auth=auth,
    )
