"""Stalled backing services under ``campus up``, under light load with a 1 s deadline: is every
request still answered in time, and does every event still arrive?

    python -m campus.bench.stalls --stall 30

The platform of `campus.bench.events_up` (``campus up`` attached to a PostgreSQL cluster and a
Redis of this script's own, a fresh start per scenario, completions produced by enrollments' own
code, the same counts), with `campus.bench.deadline_load` sending the learner's pages meanwhile.
Scenarios: (e) every PostgreSQL process stopped (``SIGSTOP``) for ``--stall`` seconds, then let go
on (``SIGCONT``), as in a failover; (f) the same for Redis; (g) every connection slot of
PostgreSQL held by another client, the services' own connections ended, for as long. One row
each: the requests, answered in time (deadline plus `MARGIN_S`), late and unanswered, statuses,
then the events issued, published, delivered (applied by credentials), dead-lettered, the
certificates and what was lost. With ``--out FOLDER`` the rows go to ``FOLDER/stalls.json`` too
(`campus.bench.stall_record`), from a clean commit only, like every recording
(`campus.bench.provenance`): part 5's notebook reads it.

    python -m campus.bench.stalls --stall 30 --out notebooks/data
"""

import argparse
import contextlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from campus.process.postgres import Cluster
from campus.process.redis_server import RedisServer
from campus.process.suspend import suspended

from .deadline_load import MARGIN_S, DeadlineLoad
from .events_up import OWNERS, UpPipeline, django_configure
from .faults import POISON
from .provenance import Provenance, about_line
from .slots import slots_held
from .stall_record import HEADER, RECORDING, recording_write, row_text, stall_row

__all__ = ["SCENARIOS", "main", "stopped"]

BENCH_APPLICATION = "campus-bench"  # this script's own connections, spared by fault (g)
COMMAND = "python -m campus.bench.stalls"
THREADS, DEADLINE_S = 4, 1.0  # light load: threads sending pages, each request's deadline
PRODUCER_START_S = 30.0  # for its first completion, before the fault


@contextlib.contextmanager
def stopped(root: psutil.Process):
    """``root`` and every process under it stopped (``SIGSTOP``) for the block, then let go on
    (``SIGCONT``): their sockets stay open, their kernel acknowledges, and nothing answers."""
    with suspended([root, *root.children(recursive=True)]):
        yield


def _postgres_stopped(context: dict, seconds: float) -> None:
    with stopped(psutil.Process(context["postgres"].pid)):
        time.sleep(seconds)


def _redis_stopped(context: dict, seconds: float) -> None:
    with stopped(psutil.Process(context["server"].process.pid)):
        time.sleep(seconds)


def _slots_held(context: dict, seconds: float) -> None:
    with slots_held(context["cluster"], context["urls"]["catalog"], spare=BENCH_APPLICATION):
        time.sleep(seconds)


SCENARIOS = {
    "(e) PostgreSQL stopped": _postgres_stopped,
    "(f) Redis stopped": _redis_stopped,
    "(g) every PostgreSQL slot held": _slots_held,
}


def _scenario(name, fault, context, n: int, rate: float, seconds: float) -> tuple:
    pipeline = UpPipeline(context["server"], context["urls"], context["log"])
    poison = pipeline.poison(POISON)
    pipeline.start_workers()
    connected = threading.Event()
    producer = threading.Thread(
        target=pipeline.produce,
        args=(n,),
        kwargs={"prefix": name[1], "per_second": rate, "on_each": lambda _: connected.set()},
    )
    try:
        with DeadlineLoad(pipeline.up, threads=THREADS, deadline_s=DEADLINE_S) as load:
            time.sleep(2)  # some load before the fault, and some after
            producer.start()
            # Its connection open before the fault: (g) spares it, and would refuse a new one.
            if not connected.wait(PRODUCER_START_S):
                raise RuntimeError(f"no completion produced in {PRODUCER_START_S:g} s")
            fault(context, seconds)
            time.sleep(5)
    except BaseException:
        pipeline.up.stop()  # or campus up outlives this script, retrying for ever
        raise
    producer.join()
    return load.tally(), pipeline.finish(n, seconds=180, dead=frozenset(poison)), poison


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND)
    parser.add_argument("--stall", type=float, default=30.0, help="seconds each fault lasts")
    parser.add_argument("--completions", type=int, default=200, help="per scenario")
    parser.add_argument("--rate", type=float, default=10.0, help="completions per second")
    parser.add_argument("--faults", default="efg", help="which scenarios, by letter")
    parser.add_argument("--out", type=Path, help=f"folder for {RECORDING}")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="record from uncommitted changes (said so)"
    )
    options = parser.parse_args(argv)
    provenance = None
    if options.out:  # refused before anything runs when the tree is dirty
        provenance = Provenance.begin(COMMAND, out=options.out, allow_dirty=options.allow_dirty)
    folder = Path(tempfile.mkdtemp(prefix="campus-bench-stalls-"))
    cluster = Cluster(folder)
    postgres = cluster.start(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = folder.parent / f"{folder.name}-up.log"
    rows = []
    try:
        urls = cluster.databases_create(OWNERS)
        django_configure(urls, options={"application_name": BENCH_APPLICATION})
        print(f"campus up on PostgreSQL and Redis, {THREADS} threads sending pages, deadline")
        print(f"{DEADLINE_S:g} s,", end=" ")
        print(f"{options.completions} completions per scenario at {options.rate:.0f}/s, each")
        print(f"fault {options.stall:.0f} s; in time: answered within the deadline + {MARGIN_S} s.")
        print(f"dead: dead-lettered besides the {POISON} poison events. Logs: {log}")
        print(HEADER)
        with RedisServer() as server:
            context = {"cluster": cluster, "postgres": postgres, "server": server, "urls": urls}
            context["log"] = log
            for name, fault in SCENARIOS.items():
                if name[1] not in options.faults:
                    continue
                tally, counts, poison = _scenario(
                    name, fault, context, options.completions, options.rate, options.stall
                )
                rows.append(stall_row(name, tally, counts, poison))
                print(row_text(rows[-1]), flush=True)
                print(f"{'':30}503 answers with Retry-After: {tally.retry_after}", flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        Cluster.stop(postgres)
        shutil.rmtree(folder, ignore_errors=True)
    if provenance:
        about = provenance.end(
            stall_s=options.stall,
            completions=options.completions,
            completions_per_s=options.rate,
            deadline_s=DEADLINE_S,
            margin_s=MARGIN_S,
            threads=THREADS,
        )
        print(about_line(about))
        print(f"written to {recording_write(options.out, about, rows)}")
    sound = all(row["sound"] for row in rows)
    if sound:
        log.unlink(missing_ok=True)
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
