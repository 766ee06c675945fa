"""The enrollment saga's recovery pass in a real runtime: enrollments' relay runs it.

``campus relay enrollments`` already loops against enrollments' database, runs under
``campus up``'s restarts, and has a container of its own in compose and Kubernetes, with the
same environment as enrollments' web process (the catalog's URL, its client secret). So it
takes the recovery on, between two passes over the outbox, every `EVERY_S` seconds: a saga
left pending by a web worker that died, or by a catalog that did not answer, is finished or
compensated about ``CAMPUS_SAGA_STALE_AFTER`` seconds later, with no process added. Two relays
(or a relay and ``campus manage --service enrollments saga_recover``) may run it at once:
each saga step is a compare-and-set, so one of them takes it.

    >>> on_pass = recovery_pass("enrollments", environ=os.environ)     # doctest: +SKIP
    >>> relay_loop(relay, stop=stop, wake=wake, on_pass=on_pass)        # doctest: +SKIP
"""

import logging
import time

from .config import value

__all__ = ["EVERY_S", "RecoveryPass", "recovery_build", "recovery_pass"]

logger = logging.getLogger(__name__)

EVERY_S = 5.0  # between two recovery passes; what a stuck saga waits past its stale time


class RecoveryPass:
    """Run ``recover()`` when at least ``every_s`` seconds have passed since it last ran; a
    relay calls it after every pass (its ``on_pass``). A failure is logged, never raised: the
    relay goes on relaying, and the next pass tries again."""

    def __init__(self, recover, *, every_s: float = EVERY_S, clock=time.monotonic):
        self.recover, self.every_s, self.clock = recover, every_s, clock
        self._due = clock()
        self.passes = 0  # recovery passes run

    def __call__(self, published: int = 0) -> None:
        now = self.clock()
        if now < self._due:
            return
        self._due = now + self.every_s
        self.passes += 1
        try:
            ended = self.recover()
        except Exception as error:
            logger.warning("saga recovery failed, again in %.1f s: %r", self.every_s, error)
            return
        if ended:
            logger.info("saga recovery: %s", [(e.id, e.status, e.reason) for e in ended])


def recovery_pass(service: str, *, environ, every_s: float = EVERY_S) -> RecoveryPass | None:
    """What ``service``'s relay runs after each pass, or None when it has nothing to recover."""
    recover = recovery_build(service, environ=environ)
    return None if recover is None else RecoveryPass(recover, every_s=every_s)


def recovery_build(service: str, *, environ, stale_after_s: float | None = None):
    """``recover()``, one recovery pass over ``service``'s stuck sagas, or None when it has no
    saga. Its ports are its web process's: the catalog over HTTP (its URL and the identity's
    from ``environ``), or in-process when this process runs as the monolith.
    ``stale_after_s`` None: ``CAMPUS_SAGA_STALE_AFTER``."""
    if service != "enrollments":
        return None
    # Imported here: every other relay imports this module too, and would load the saga and
    # the neighbours' HTTP clients for nothing, on the cores `campus up` starts everything on.
    from campus.enrollments import api as enrollments_api

    from .worker_ports import worker_ports

    if stale_after_s is None:
        stale_after_s = value(environ, "CAMPUS_SAGA_STALE_AFTER")
    # A relay started by hand, for its outbox alone (`REDIS_URL=... campus relay ...`), has no
    # token to call the catalog with: it relays; the recovery waits for a relay or a
    # `campus manage` run that has one.
    ports = worker_ports(service, environ=environ, what="saga recovery")
    if ports is None:
        return None

    def recover():
        return enrollments_api.saga_recover(
            catalog=ports.catalog, events=ports.events, stale_after_s=stale_after_s
        )

    return recover
