"""Load, scaling, caching and failure under load, with locust headless: ``make load``.

    python -m campus.bench.load --out notebooks/data [--seconds 2] [--allow-dirty] [--smoke]

Every point is one locust run: a warm-up, then three windows of ``--seconds`` each, the point's
repeats (`campus.bench.targets.locust_run`). A recording is made from a clean commit only
(`campus.bench.provenance`), and says its commit, its date, the cores and the load average
before and after.

1. ``users``: the learner mix (``examples/loadtest/locustfile.py``) at 1, 8, 32 and 64
   concurrent users against ``campus up``, both architectures, titles cached 30 s, and a bare
   gunicorn hello (the physical ceiling of this machine) in the same run; then what each
   architecture's ``campus up`` costs: its processes and their memory.
2. ``scaling``: the catalog on 1 to 8 workers, its work waiting or computing
   (`campus.bench.scaling`), and the Universal Scalability Law fitted to each.
3. ``cache``: ``campus up`` with the dashboard's course titles cached (TTL 30 s) and not, and
   with the dashboard answering from its read model.
4. ``failure``: the in-process microservices while the catalog is slowed by 500 ms, then
   stopped, without and with the breaker and backoff: dashboard p99, failures, and attempts
   that reached the catalog per dashboard request; then ``campus up`` with the catalog's
   processes paused (they accept connections and never answer) and the dashboard on two
   workers that share each breaker in Redis.

Writes ``load-run.csv`` (one row per point, window and request name) and ``load-run.json``
(provenance, and each architecture's processes and memory) into ``--out``, and prints the
figures. ``--smoke`` runs one-second windows of the hello, the in-process microservices and the
scaling experiment's waiting catalog on 1 to 4 workers, into a temporary folder unless ``--out``
is given.

Longer than most modules: it is the script that runs the four experiments in sequence and
writes their one recorded run; each experiment is a short function.
"""

import argparse
import csv
import json
import logging
import tempfile
import time
from pathlib import Path

from . import targets
from .provenance import Provenance, about_line
from .scaling import scaling, scaling_fits
from .up import footprint

__all__ = ["FIELDS", "main"]

COMMAND = "python -m campus.bench.load"
USERS = (1, 8, 32, 64)
WINDOWS = 3  # repeats of every point
# The users runs keep course titles 30 s, as the recorded run did.
CACHED = {"CAMPUS_DASHBOARD_TITLE_TTL": "30"}
FIELDS = [
    "experiment", "target", "arch", "variant", "users", "phase", "workers", "repeat", "name",
    "requests", "failures", "rps", "p50_ms", "p95_ms", "p99_ms", "catalog_calls_per_page",
    "point_deadline_missed", "point_breaker_refused",
]  # fmt: skip
DASHBOARD = "GET /dashboard/{learner}"


def _rows(run: targets.LocustRun, **labels) -> list[dict]:
    return [
        {**labels, "repeat": repeat, "name": name, **figures}
        for repeat, summary in enumerate(run.windows)
        for name, figures in summary.items()
    ]


def users_sweep(seconds: float, levels=USERS) -> tuple[list[dict], dict]:
    """The rows, and each architecture's footprint under ``campus up`` after its sweep."""
    rows, costs = [], {}
    for arch in ("monolith", "microservices"):
        with targets.up(arch, environ=CACHED) as (urls, up):
            for n in levels:
                run = targets.locust_run(urls, users=n, seconds=seconds, windows=WINDOWS)
                rows += _rows(run, experiment="users", target="campus up", arch=arch, users=n)
            costs[arch] = footprint(up)
    for workers in (1, 2):
        with targets.hello(workers) as (urls, _):
            for n in levels if workers == 1 else levels[-1:]:
                run = targets.locust_run(urls, users=n, seconds=seconds, windows=WINDOWS)
                rows += _rows(
                    run, experiment="users", target="hello", arch=f"{workers} worker(s)", users=n
                )
    return rows, costs


READS = {
    "no title cache": {"CAMPUS_DASHBOARD_TITLE_TTL": "0"},
    "titles cached 30 s": {"CAMPUS_DASHBOARD_TITLE_TTL": "30"},
    "read model, no calls": {"CAMPUS_DASHBOARD_READ_MODEL": "on"},
}


def cache(seconds: float, users: int = 32) -> list[dict]:
    rows = []
    for variant, environ in READS.items():
        with targets.up("microservices", environ=environ) as (urls, _):
            run = targets.locust_run(urls, users=users, seconds=seconds, windows=WINDOWS)
        rows += _rows(
            run, experiment="cache", target="campus up", arch="microservices",
            variant=variant, users=users,
        )  # fmt: skip
    return rows


def failure(seconds: float, users: int = 32) -> list[dict]:
    rows = []
    for protected in (False, True):
        flag = "on" if protected else "off"
        environ = {
            "CAMPUS_HTTP_BREAKER": flag,
            "CAMPUS_HTTP_BACKOFF": flag,
            "CAMPUS_DASHBOARD_TITLE_TTL": "0",  # every page needs the catalog
        }
        variant = "breaker + backoff" if protected else "no breaker, immediate retry"
        with targets.in_process("microservices", environ) as (urls, platform):
            for phase in ("healthy", "catalog +500 ms", "catalog stopped"):
                if phase == "catalog +500 ms":
                    platform.slow_down("catalog", 0.5)
                if phase == "catalog stopped":
                    platform.stop_service("catalog")
                before = platform.metrics["dashboard"].outbound_count(callee="catalog")
                run = targets.locust_run(urls, users=users, seconds=seconds, windows=WINDOWS)
                reached = platform.metrics["dashboard"].outbound_count(callee="catalog") - before
                pages = run.whole.get(DASHBOARD, {}).get("requests", 0)
                for row in _rows(
                    run, experiment="failure", target="in-process", arch="microservices",
                    variant=variant, users=users, phase=phase,
                ):  # fmt: skip
                    if row["name"] == DASHBOARD and pages:
                        row["catalog_calls_per_page"] = reached / pages
                    rows.append(row)
    return rows


def failure_up(seconds: float, users: int = 32) -> list[dict]:
    """The same under ``campus up``, the dashboard on two workers sharing each breaker in Redis;
    the catalog's processes are paused (SIGSTOP): they accept connections and never answer."""
    rows = []
    for protected in (False, True):
        flag = "on" if protected else "off"
        environ = {
            "CAMPUS_HTTP_BREAKER": flag,
            "CAMPUS_HTTP_BACKOFF": flag,
            "CAMPUS_DASHBOARD_TITLE_TTL": "0",
        }
        variant = "breaker + backoff" if protected else "no breaker, immediate retry"
        with targets.up("microservices", scale={"dashboard": 2}, environ=environ) as (urls, u):
            for phase in ("healthy", "catalog paused"):
                if phase == "catalog paused":
                    targets.pause(u, "catalog")
                staff = u.login("instructor")  # /metrics needs the staff scope
                before = targets.catalog_attempts(urls["dashboard"], auth=staff)
                run = targets.locust_run(urls, users=users, seconds=seconds, windows=WINDOWS)
                reached = targets.catalog_attempts(urls["dashboard"], auth=staff) - before
                pages = run.whole.get(DASHBOARD, {}).get("requests", 0)
                for row in _rows(
                    run, experiment="failure", target="campus up", arch="microservices",
                    variant=variant, users=users, phase=phase,
                ):  # fmt: skip
                    if row["name"] == DASHBOARD and pages:
                        row["catalog_calls_per_page"] = reached / pages
                    rows.append(row)
            targets.pause(u, "catalog", resume=True)
    return rows


def smoke(seconds: float) -> tuple[list[dict], dict]:
    rows = []
    with targets.hello(1) as (urls, _):
        run = targets.locust_run(urls, users=4, seconds=seconds, windows=WINDOWS)
    rows += _rows(run, experiment="smoke", target="hello", arch="1 worker(s)", users=4)
    with targets.in_process("microservices") as (urls, _):
        run = targets.locust_run(urls, users=4, seconds=seconds, windows=WINDOWS)
    rows += _rows(run, experiment="smoke", target="in-process", arch="microservices", users=4)
    rows += scaling(seconds, WINDOWS, works=("waiting",), levels=(1, 2, 3, 4), users=16)
    return rows, {}


def record(rows: list[dict], out: Path, about: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "load-run.csv", "w", newline="") as file:
        writer = csv.DictWriter(file, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    (out / "load-run.json").write_text(json.dumps(about, indent=2) + "\n")


def report(rows: list[dict]) -> None:
    """One line per point: the median of its windows, and their range."""
    print(f"{'experiment':10} {'target':10} {'arch / variant':30} {'users':>5} {'N':>2} "
          f"{'phase':16}{'req/s (min-max)':>18}{'p50':>7}{'p99':>7}{'fail':>6}")  # fmt: skip
    points: dict[tuple, list[dict]] = {}
    for r in rows:
        if r["name"] == targets.TOTAL or (r["experiment"] == "failure" and r["name"] == DASHBOARD):
            key = tuple(r.get(k) for k in ("experiment", "target", "arch", "variant", "users",
                                           "workers", "phase", "name"))  # fmt: skip
            points.setdefault(key, []).append(r)
    for (experiment, target, arch, variant, users, workers, phase, _), runs in points.items():
        rps = sorted(r["rps"] for r in runs)
        middle = runs[len(runs) // 2]
        label = f"{arch} {variant or ''}".strip()
        print(
            f"{experiment:10} {target:10} {label[:30]:30} {users:5} {workers or '':>2} "
            f"{(phase or ''):16}{rps[len(rps) // 2]:7.0f} ({rps[0]:4.0f}-{rps[-1]:4.0f})"
            f"{middle['p50_ms']:7.0f}{middle['p99_ms']:7.0f}{sum(r['failures'] for r in runs):6}"
        )


def fits_report(rows: list[dict]) -> None:
    try:
        fits = scaling_fits(rows)
    except (RuntimeError, ValueError) as exc:  # too few points, or no convergence: say so
        print(f"USL: no fit ({exc})")
        return
    for variant, found in fits.items():
        print(f"USL, {variant}: {found['fit'].line()}")
        print(
            f"  held out N = {found['held_out']}: measured {found['measured']:.1f}/s served, "
            f"predicted {found['predicted']:.1f}/s, error {found['error']:+.0%}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each window")
    parser.add_argument("--out", type=Path, help="folder for load-run.csv and load-run.json")
    parser.add_argument("--smoke", action="store_true", help="one-second windows, a few points")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="record from uncommitted changes (said so)"
    )
    options = parser.parse_args(argv)
    out = options.out or Path(tempfile.mkdtemp(prefix="campus-load-"))
    provenance = Provenance.begin(COMMAND, out=out, allow_dirty=options.allow_dirty)
    logging.disable(logging.ERROR)  # the stopped and slowed catalog log on purpose
    started = time.monotonic()
    if options.smoke:
        rows, costs = smoke(options.seconds)
    else:
        rows, costs = users_sweep(options.seconds)
        rows += [
            *scaling(options.seconds, WINDOWS),
            *cache(options.seconds),
            *failure(options.seconds),
            *failure_up(options.seconds),
        ]
    about = provenance.end(seconds_per_window=options.seconds, windows=WINDOWS, footprint=costs)
    record(rows, out, about)
    report(rows)
    fits_report(rows)
    print(about_line(about))
    print(f"written to {out}/load-run.csv in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
