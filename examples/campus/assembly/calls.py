"""One place that turns configuration into the client a service calls a neighbour with.

Both runtimes use it: the in-process platform (breaker state in memory) and a real process
under gunicorn (``campus up``: state in Redis, shared by every worker of the service).

    >>> client = client_build("dashboard", "catalog", config=config, trace=trace,
    ...                       metrics=metrics)                       # doctest: +SKIP
"""

from django.conf import settings

from campus.http import ServiceClient
from campus.metrics import ServiceMetrics
from campus.registry import service_get
from campus.resilience import circuit_breaker
from campus.tracing import Trace

from .auth import client_auth, client_credentials
from .config import PlatformConfig

__all__ = ["client_build", "clients_of", "ready_checks"]


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


def clients_of(
    caller: str, *, config: PlatformConfig, trace: Trace, metrics, redis_client=None, identity_url
):
    """``client(callee)`` for ``caller``, each client made on first use and kept; all of them
    prove themselves with one token of ``caller``'s own, fetched on first use from the
    identity provider at ``identity_url`` with ``caller``'s secret (from the settings). A web
    process and the saga recovery (`campus.assembly.saga_recovery`) call neighbours through it.
    """
    clients: dict[str, ServiceClient] = {}
    own_token = None
    if service_get(caller).calls:
        secret = settings.CAMPUS_CLIENT_SECRETS[caller]
        own_token = client_credentials(caller, identity_url=identity_url, client_secret=secret)

    def client(callee: str) -> ServiceClient:
        if callee not in clients:
            clients[callee] = client_build(
                caller, callee, config=config, trace=trace, metrics=metrics,
                redis_client=redis_client, auth=client_auth(own_token, callee),
            )  # fmt: skip
        return clients[callee]

    # What its readiness probe waits for (`ready_checks`): its own token for each neighbour.
    callees = service_get(caller).calls if own_token is not None else ()
    client.own_tokens = {callee: own_token.own(callee) for callee in callees}
    return client


def ready_checks(client, verifier) -> dict:
    """What a service's first request would otherwise wait for (`campus.assembly.urlconfs`'
    readiness): its own token for each neighbour, when it calls neighbours (``client`` from
    `clients_of`), and the identity provider's keys, when it verifies tokens with them. Each
    check fetches what is missing, in the background, so a later probe finds it held."""
    checks = {}
    for callee, own in getattr(client, "own_tokens", {}).items():
        checks[f"its own token for {callee}"] = own.token
    keys = getattr(verifier, "keys", None)
    if hasattr(keys, "fetch"):
        checks["the identity's keys"] = keys.fetch
    return checks
