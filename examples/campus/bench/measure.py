"""The measurements, returned as plain lists of milliseconds."""

import statistics
import subprocess
import sys
import time
from urllib.parse import quote

import requests

from campus.assembly.databases import MONOLITH_ALIAS, DatabaseScope, database_scope
from campus.embedded import Platform
from campus.embedded.servers import LoopbackServer
from campus.http import ServiceClient, Trace
from campus.identity.data import DEMO_STAFF
from campus.keys import DEMO_COURSE
from campus.monolith.adapters import InProcessCourseCatalog

from .stats import percentile

__all__ = ["TARGETS", "measure_hops", "measure_import", "measure_lifecycle", "percentile"]

TARGETS = {"start": 100.0, "stop": 50.0, "hop / bare": 1.5}  # ms, ms, ratio


def measure_import(runs: int = 3) -> float:
    """Median ms to import the platform (and so configure Django) in a fresh interpreter: the part
    of the one-off cost that a process already running the platform never sees again."""
    code = (
        "import time; t = time.perf_counter(); import campus.embedded; campus.embedded.Platform; "
    )
    code += "print((time.perf_counter() - t) * 1000)"
    return statistics.median(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout)
        for _ in range(runs)
    )


def measure_lifecycle(arch: str, runs: int) -> dict[str, list[float]]:
    """Start and stop ``arch`` ``runs + 1`` times: ms per start and per stop, the first start apart.

    The first start pays one-off costs (importing the services, copying the migrated databases
    from their templates on disk, or migrating when none matches); later starts restore them.
    Each stop finds idle keep-alive connections open, as it would after real use.
    """
    figures: dict[str, list[float]] = {"first start": [], "start": [], "stop": []}
    for run in range(runs + 1):
        platform = Platform(arch)
        figures["first start" if run == 0 else "start"].append(_ms(platform.start))
        with requests.Session() as client:
            for url in set(platform.urls.values()):
                client.get(url + "/health", timeout=5)
            stopped = _ms(platform.stop)
        if run:
            figures["stop"].append(stopped)
    return figures


def measure_hops(platform: Platform, n: int, *, warmup: int = 50) -> dict[str, list[float]]:
    """ms per call, ``n`` of each kind, interleaved so that all three see the same machine load.

    ``hop``: what enrollments does, ``GET /courses/<key>`` to the catalog through a
    `ServiceClient`. ``bare``: the same client and server kind with a WSGI hello-world behind.
    ``direct``: the monolith's in-process adapter for the same question, in a database scope.
    """
    alias = MONOLITH_ALIAS if platform.arch == "monolith" else "catalog"
    scope, adapter = DatabaseScope("catalog", {"catalog": alias}), InProcessCourseCatalog()
    bare = LoopbackServer(name="hello").start(_hello)
    # The catalog checks a token on every request, so the hop carries one (signed in once).
    signed_in = platform.login(DEMO_STAFF[0])
    catalog = _client("catalog", platform.url("catalog"), auth=signed_in)
    hello = _client("hello", bare.url)
    path = "/courses/" + quote(DEMO_COURSE, safe=":+")

    def direct():
        with database_scope(scope):
            adapter.course_get(course_key=DEMO_COURSE)

    calls = {"hop": lambda: catalog.get(path), "bare": lambda: hello.get("/"), "direct": direct}
    figures: dict[str, list[float]] = {name: [] for name in calls}
    try:
        for i in range(warmup + n):
            for name, call in calls.items():
                ms = _ms(call)
                if i >= warmup:
                    figures[name].append(ms)
    finally:
        catalog.close()
        hello.close()
        bare.stop()
    return figures


def _ms(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _client(callee: str, base_url: str, auth=None) -> ServiceClient:
    # A trace of its own (recording costs the same), so the platform's trace stays readable.
    trace = Trace(maxlen=1)
    return ServiceClient(caller="bench", callee=callee, base_url=base_url, trace=trace, auth=auth)


def _hello(environ, start_response):
    body = b'{"hello": "world"}'
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "18")])
    return [body]
