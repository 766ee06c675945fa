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
certificates and what was lost.
"""

import argparse
import contextlib
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import psycopg

from campus.process.postgres import Cluster
from campus.process.redis_server import RedisServer

from .deadline_load import MARGIN_S, DeadlineLoad
from .events_up import OWNERS, UpPipeline, django_configure
from .faults import POISON

__all__ = ["SCENARIOS", "main", "stopped"]

BENCH_APPLICATION = "campus-bench"  # this script's own connections, spared by fault (g)
HEADER = (
    f"{'scenario':30}{'reqs':>6}{'in time':>8}{'late':>6}{'none':>6}  {'statuses':26}"
    f"{'issued':>7}{'publ':>6}{'deliv':>6}{'dead':>6}{'certs':>6}{'lost':>5}"
)


@contextlib.contextmanager
def stopped(root: psutil.Process):
    """``root`` and every process under it stopped (``SIGSTOP``) for the block, then let go on
    (``SIGCONT``): their sockets stay open, their kernel acknowledges, and nothing answers."""
    processes = [root, *root.children(recursive=True)]
    for process in processes:
        process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        for process in processes:
            process.send_signal(signal.SIGCONT)


def _postgres_stopped(context: dict, seconds: float) -> None:
    with stopped(psutil.Process(context["postgres"].pid)):
        time.sleep(seconds)


def _redis_stopped(context: dict, seconds: float) -> None:
    with stopped(psutil.Process(context["server"].process.pid)):
        time.sleep(seconds)


def _slots_held(context: dict, seconds: float) -> None:
    """Connect as the catalog's role until PostgreSQL refuses ("too many clients"), end every
    other client's connection (the superuser keeps slots of its own for that), and take the
    slots that freed, until no other client holds one."""
    held = []
    try:
        for _ in range(20):
            held += _slots_taken(context["urls"]["catalog"])
            with context["cluster"].admin() as admin:
                ended = admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> "
                    "pg_backend_pid() AND backend_type = 'client backend' "
                    "AND application_name <> %s",
                    [BENCH_APPLICATION],
                ).fetchall()
            if not ended:
                break
        time.sleep(seconds)
    finally:
        for connection in held:
            connection.close()


def _slots_taken(url: str) -> list:
    taken = []
    with contextlib.suppress(psycopg.OperationalError):
        while True:
            taken.append(
                psycopg.connect(url, connect_timeout=2, application_name=BENCH_APPLICATION)
            )
    return taken


SCENARIOS = {
    "(e) PostgreSQL stopped": _postgres_stopped,
    "(f) Redis stopped": _redis_stopped,
    "(g) every PostgreSQL slot held": _slots_held,
}


def _scenario(name, fault, context, n: int, rate: float, seconds: float) -> tuple:
    pipeline = UpPipeline(context["server"], context["urls"], context["log"])
    poison = pipeline.poison(POISON)
    pipeline.start_workers()
    producer = threading.Thread(
        target=pipeline.produce, args=(n,), kwargs={"prefix": name[1], "per_second": rate}
    )
    with DeadlineLoad(pipeline.up, threads=4) as load:
        time.sleep(2)  # some load before the fault, and some after
        producer.start()
        fault(context, seconds)
        time.sleep(5)
    producer.join()
    return load.tally(), pipeline.finish(n, seconds=180), poison


def _row(name: str, tally, counts, poison: set) -> tuple[str, bool]:
    dead = counts.dead_letter_ids
    sound = (
        tally.late == tally.unanswered == 0
        and counts.lost == 0
        and counts.certificates == counts.issued
        and dead == poison
    )
    row = (
        f"{name:30}{tally.requests:>6}{tally.in_time:>8}{tally.late:>6}{tally.unanswered:>6}  "
        f"{tally.statuses_text():26}{counts.issued:>7}{counts.published:>6}"
        f"{counts.applied_ids:>6}{len(dead - poison):>6}{counts.certificates:>6}{counts.lost:>5}"
        f"  {'ok' if sound else 'FAILED'}"
    )
    return row, sound


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.bench.stalls")
    parser.add_argument("--stall", type=float, default=30.0, help="seconds each fault lasts")
    parser.add_argument("--completions", type=int, default=200, help="per scenario")
    parser.add_argument("--rate", type=float, default=10.0, help="completions per second")
    parser.add_argument("--faults", default="efg", help="which scenarios, by letter")
    options = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="campus-bench-stalls-"))
    cluster = Cluster(folder)
    postgres = cluster.start(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = folder.parent / f"{folder.name}-up.log"
    sound = True
    try:
        urls = cluster.databases_create(OWNERS)
        django_configure(urls, options={"application_name": BENCH_APPLICATION})
        print("campus up on PostgreSQL and Redis, 4 threads sending pages with a 1 s deadline,")
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
                row, ok = _row(name, tally, counts, poison)
                print(row, flush=True)
                print(f"{'':30}503 answers with Retry-After: {tally.retry_after}", flush=True)
                sound &= ok
    finally:
        from django.db import connections

        connections.close_all()
        Cluster.stop(postgres)
        shutil.rmtree(folder, ignore_errors=True)
    if sound:
        log.unlink(missing_ok=True)
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
