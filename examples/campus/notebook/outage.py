"""The five requests of `campus.notebook.probes`, sent to a platform running inside this process
while some of its servers are stopped, with the servers' error log lines left out: what each
request got back is in the answers.

    >>> services.stop_service("catalog")                               # doctest: +SKIP
    >>> probes_show({"catalog down": probe_each(services, http)})      # doctest: +SKIP

A stopped server's port refuses connections at once, so no request waits for a timeout.
"""

import contextlib
import logging
from collections.abc import Iterator

import requests

from .probes import probe

__all__ = ["errors_unlogged", "probe_each"]


def probe_each(platform, http: requests.Session, timeout: float = 5.0) -> list[str]:
    """`campus.notebook.probes.probe` with ``http``'s own auth: what each request got.

    The servers run in this process, so the failures this causes (a 503 is logged as an error)
    would be logged here too; each is in the answers returned, so those log lines are left out
    (`errors_unlogged`)."""
    with errors_unlogged():
        return probe(platform, http, http.auth, timeout=timeout)


@contextlib.contextmanager
def errors_unlogged() -> Iterator[None]:
    """No log record of level ERROR or below is emitted in the block, from any thread."""
    logging.disable(logging.ERROR)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)
