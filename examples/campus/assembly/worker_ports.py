"""A service's ports in one of its workers (its relay, its task worker): what its web process
plugs in, built from the environment, without a web app.

    >>> ports = worker_ports("enrollments", environ=os.environ)          # doctest: +SKIP
    >>> ports.catalog, ports.grades
"""

import logging

from django.conf import settings

from campus.metrics import ServiceMetrics
from campus.registry import IDENTITY, SERVICES, service_get
from campus.tracing import Trace

from .calls import clients_of
from .config import MONOLITH, PlatformConfig, given
from .service_events import outbox_of
from .wiring import monolith_ports, service_ports

__all__ = ["worker_ports"]

logger = logging.getLogger(__name__)


def worker_ports(service: str, *, environ, what: str | None = None):
    """``service``'s ports: its neighbours over HTTP (their URLs and the identity's from
    ``environ``), or in-process when this process runs as the monolith. None when
    ``CAMPUS_IDENTITY_URL`` is not set (a worker started by hand, for its outbox alone): it
    has no token to call a neighbour with; named, ``what`` is logged as off."""
    spec = service_get(service)
    if getattr(settings, "CAMPUS_SERVICE", None) == MONOLITH:
        return monolith_ports(service, events=outbox_of(spec))
    if given(environ, "CAMPUS_IDENTITY_URL") is None:
        if what is not None:
            logger.warning("%s is off: CAMPUS_IDENTITY_URL is not set", what)
        return None
    config = PlatformConfig.from_environ(environ, [s.name for s in SERVICES])
    client = clients_of(
        service, config=config, trace=Trace(maxlen=100),
        metrics=ServiceMetrics(f"{service}-worker"), identity_url=config.urls.get(IDENTITY),
    )  # fmt: skip
    return service_ports(service, events=outbox_of(spec), client=client)
