"""Work injected into every request a service serves, standing in for what a real service does:
wait on something slow (a database, a remote call) or compute. Off unless configured, and only
for the catalog: ``CAMPUS_CATALOG_WAIT_MS`` and ``CAMPUS_CATALOG_BURN_MS``, which the scaling
experiment (`campus.bench.scaling`) sets to show what more workers buy for each kind of work.

    >>> work = InjectedWork(wait_s=0.001, burn_s=0.001)
    >>> work()  # sleeps 1 ms, then spends 1 ms of this thread's CPU time
"""

import time
from dataclasses import dataclass

from .config import PlatformConfig

__all__ = ["InjectedWork", "injected_work"]

WORKED = "catalog"  # the one service the variables apply to


@dataclass(frozen=True)
class InjectedWork:
    wait_s: float = 0.0  # time.sleep: the thread waits and lets other threads run
    burn_s: float = 0.0  # CPU time of this thread, in Python: it holds the interpreter lock

    def __call__(self) -> None:
        if self.wait_s > 0:
            time.sleep(self.wait_s)
        if self.burn_s > 0:
            # This thread's own CPU time, not the wall clock: on a busy machine the burn still
            # costs what it says, however long the scheduler makes it take.
            end = time.thread_time() + self.burn_s
            while time.thread_time() < end:
                sum(range(200))


def injected_work(config: PlatformConfig, service: str) -> InjectedWork | None:
    """What ``service`` is configured to do on every request, or None (the default)."""
    if service != WORKED or not (config.catalog_wait_ms or config.catalog_burn_ms):
        return None
    return InjectedWork(config.catalog_wait_ms / 1000, config.catalog_burn_ms / 1000)
