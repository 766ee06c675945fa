"""What running for real costs: ``campus up`` start and stop, memory per process, one hop.

    python -m campus.bench.up [--runs 3] [--requests 400]

Prints, for the microservices under ``campus up``: the time until every /health answers and the
URLs are printed, cold (a new PostgreSQL cluster: initdb, roles, migrations) and warm (the same
cluster kept in a folder: no initdb, migrations with nothing to do); the stop time (SIGINT until
the last process is gone); the memory of each process (RSS, and USS: what only it holds, since
gunicorn's preloaded workers share pages with their master); and one hop's p50/p99 to the
catalog running in its own gunicorn process, beside the same hop inside one process
(`campus.embedded`) and a direct Python call, all measured in the same run.
"""

import argparse
import shutil
import tempfile
from pathlib import Path
from statistics import median

import psutil

from campus.embedded import Platform
from campus.process.control import Up

from .measure import measure_hops, percentile

__all__ = ["TARGETS", "footprint", "main", "measure_lifecycle", "measure_memory"]

TARGETS = {"ready cold": 5.0, "stop": 2.0}  # seconds, from the specification of campus up


def measure_lifecycle(runs: int) -> dict[str, list[float]]:
    """Seconds: ``ready cold``, ``ready warm`` and ``stop``, one value per run."""
    figures: dict[str, list[float]] = {"ready cold": [], "ready warm": [], "stop": []}
    for _ in range(runs):
        up = Up("microservices").start()
        up.stop()
        figures["ready cold"].append(up.ready_s)
        figures["stop"].append(up.stop_s)
    kept = Path(tempfile.mkdtemp(prefix="campus-bench-", dir="/dev/shm"))
    try:
        Up("microservices", data_dir=kept).start().stop()  # makes the cluster, migrates
        for _ in range(runs):
            up = Up("microservices", data_dir=kept).start()
            up.stop()
            figures["ready warm"].append(up.ready_s)
            figures["stop"].append(up.stop_s)
    finally:
        shutil.rmtree(kept, ignore_errors=True)
    return figures


def measure_memory(up: Up) -> list[tuple[str, int, float, float]]:
    """(name, pid, RSS MiB, USS MiB) of each gunicorn master and worker, and of postgres."""
    rows = []
    for name, master in sorted(up.servers().items()):
        for role, process in [("master", master), *(("worker", w) for w in master.children())]:
            info = process.memory_full_info()
            rows.append((f"{name} {role}", process.pid, info.rss / 2**20, info.uss / 2**20))
    for process in up.processes():
        if process.name() == "postgres" and process.parent().name() != "postgres":
            info = process.memory_full_info()
            rows.append(("postgres (postmaster)", process.pid, info.rss / 2**20, info.uss / 2**20))
    return rows


def footprint(up: Up) -> dict:
    """What a running ``campus up`` costs the machine: its processes (itself, gunicorn masters
    and workers, nginx, the event workers, PostgreSQL, Redis) and their resident memory, summed.
    A sum of RSS counts twice the pages that processes share (preloaded gunicorn workers share
    much of their master's): it is what each process holds, not what the machine lost."""
    processes = up.processes()
    rss = 0
    for process in processes:
        try:
            rss += process.memory_info().rss
        except psutil.NoSuchProcess:  # ended between the listing and the reading
            continue
    return {"processes": len(processes), "rss_mib": round(rss / 2**20, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.bench.up", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="starts of each kind")
    parser.add_argument("--requests", type=int, default=400, help="calls per kind for the hop")
    options = parser.parse_args(argv)
    runs, requests = max(1, options.runs), max(2, options.requests)

    times = measure_lifecycle(runs)
    print(f"campus up (microservices), seconds, median of {runs} runs (all runs in brackets)")
    for kind, values in times.items():
        target = TARGETS.get(kind)
        verdict = (
            ""
            if target is None
            else f"   target <= {target:.0f}: " + ("met" if median(values) <= target else "NOT met")
        )
        listed = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {kind:12}{median(values):7.2f}   [{listed}]{verdict}")
    print(
        f"  (machine load: {', '.join(f'{x:.1f}' for x in psutil.getloadavg())} on "
        f"{psutil.cpu_count()} cores)"
    )

    # The in-process platform first: its start migrates the databases the direct call reads.
    with Platform("microservices") as platform:
        threads = measure_hops(platform, requests)
    with Up("microservices") as up:
        print("\nMemory per process, MiB (USS = pages only that process holds)")
        for name, pid, rss, uss in measure_memory(up):
            print(f"  {name:24}pid {pid:<8}RSS {rss:7.1f}   USS {uss:7.1f}")
        real = measure_hops(up, requests)
    print(f"\nOne hop to the catalog, GET /courses/<key> through the client, ms ({requests} calls)")
    rows = {
        "to a gunicorn process (campus up)": real["hop"],
        "to a thread of this process (runtime)": threads["hop"],
        "direct Python call (monolith adapter)": threads["direct"],
    }
    for label, values in rows.items():
        print(f"  {label:40}p50 {percentile(values, 50):7.3f}   p99 {percentile(values, 99):7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
