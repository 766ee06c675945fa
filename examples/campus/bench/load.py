"""Load, scale-out, caching and failure under load, with locust headless: ``make load``.

    python -m campus.bench.load [--seconds 10] [--out notebooks/data] [--smoke]

The users and scale-out runs keep the dashboard's course titles for 30 s.

1. ``users``: the learner mix (``examples/loadtest/locustfile.py``) at 1, 8, 32 and 64
   concurrent users against the in-process platform and ``campus up``, both architectures, and
   a bare gunicorn hello (the physical ceiling of this machine) in the same run.
2. ``scale-out``: ``campus up`` with the catalog and the dashboard on 1, 2 and 4 gunicorn workers.
3. ``cache``: ``campus up`` with the dashboard's course titles cached (TTL 30 s) and not, and
   with the dashboard answering from its read model.
4. ``failure``: the in-process microservices while the catalog is slowed by 500 ms, then
   stopped, without and with the breaker and backoff: dashboard p99, failures, and attempts
   that reached the catalog per dashboard request; then ``campus up`` with the catalog's
   processes paused (they accept connections and never answer) and the dashboard on two
   workers that share each breaker in Redis.

Writes ``load-run.csv`` (one row per run and request name) and ``load-run.json`` (when, where,
on how many cores) into ``--out``, and prints the figures. ``--smoke`` runs a few seconds of the
in-process microservices and of the hello, into a temporary folder unless ``--out`` is given.

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
from .provenance import run_about

__all__ = ["FIELDS", "main"]

USERS = (1, 8, 32, 64)
# The users and scale-out runs keep course titles 30 s, as the recorded run did.
CACHED = {"CAMPUS_DASHBOARD_TITLE_TTL": "30"}
FIELDS = [
    "experiment", "target", "arch", "variant", "users", "phase", "name",
    "requests", "failures", "rps", "p50_ms", "p95_ms", "p99_ms", "catalog_calls_per_page",
]  # fmt: skip
DASHBOARD = "GET /dashboard/{learner}"


def _rows(summary: dict, **labels) -> list[dict]:
    return [{**labels, "name": name, **figures} for name, figures in summary.items()]


def users_sweep(seconds: float, levels=USERS) -> list[dict]:
    rows = []
    for arch in ("monolith", "microservices"):
        with targets.in_process(arch, CACHED) as (urls, _):
            for n in levels:
                summary = targets.locust_run(urls, users=n, seconds=seconds)
                rows += _rows(summary, experiment="users", target="in-process", arch=arch, users=n)
        with targets.up(arch, environ=CACHED) as (urls, _):
            for n in levels:
                summary = targets.locust_run(urls, users=n, seconds=seconds)
                rows += _rows(summary, experiment="users", target="campus up", arch=arch, users=n)
    for workers in (1, 2):
        with targets.hello(workers) as (urls, _):
            for n in levels if workers == 1 else levels[-1:]:
                summary = targets.locust_run(urls, users=n, seconds=seconds)
                rows += _rows(
                    summary, experiment="users", target="hello", arch=f"{workers} worker(s)",
                    users=n,
                )  # fmt: skip
    return rows


def scale_out(seconds: float, users: int = 64) -> list[dict]:
    rows = []
    for workers in (1, 2, 4):
        scale = {"catalog": workers, "dashboard": workers}
        with targets.up("microservices", scale=scale, environ=CACHED) as (urls, _):
            summary = targets.locust_run(urls, users=users, seconds=seconds)
        variant = f"catalog and dashboard x{workers}"
        rows += _rows(
            summary, experiment="scale-out", target="campus up", arch="microservices",
            variant=variant, users=users,
        )  # fmt: skip
    return rows


READS = {
    "no title cache": {"CAMPUS_DASHBOARD_TITLE_TTL": "0"},
    "titles cached 30 s": {"CAMPUS_DASHBOARD_TITLE_TTL": "30"},
    "read model, no calls": {"CAMPUS_DASHBOARD_READ_MODEL": "on"},
}


def cache(seconds: float, users: int = 32) -> list[dict]:
    rows = []
    for variant, environ in READS.items():
        with targets.up("microservices", environ=environ) as (urls, _):
            summary = targets.locust_run(urls, users=users, seconds=seconds)
        rows += _rows(
            summary, experiment="cache", target="campus up", arch="microservices",
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
                summary = targets.locust_run(urls, users=users, seconds=seconds)
                reached = platform.metrics["dashboard"].outbound_count(callee="catalog") - before
                pages = summary.get(DASHBOARD, {}).get("requests", 0)
                for row in _rows(
                    summary, experiment="failure", target="in-process", arch="microservices",
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
                summary = targets.locust_run(urls, users=users, seconds=seconds)
                reached = targets.catalog_attempts(urls["dashboard"], auth=staff) - before
                pages = summary.get(DASHBOARD, {}).get("requests", 0)
                for row in _rows(
                    summary, experiment="failure", target="campus up", arch="microservices",
                    variant=variant, users=users, phase=phase,
                ):  # fmt: skip
                    if row["name"] == DASHBOARD and pages:
                        row["catalog_calls_per_page"] = reached / pages
                    rows.append(row)
            targets.pause(u, "catalog", resume=True)
    return rows


def smoke(seconds: float) -> list[dict]:
    rows = []
    with targets.in_process("microservices") as (urls, _):
        summary = targets.locust_run(urls, users=4, seconds=seconds)
    rows += _rows(summary, experiment="smoke", target="in-process", arch="microservices", users=4)
    with targets.hello(1) as (urls, _):
        summary = targets.locust_run(urls, users=4, seconds=seconds)
    rows += _rows(summary, experiment="smoke", target="hello", arch="1 worker(s)", users=4)
    return rows


def record(rows: list[dict], out: Path, seconds: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "load-run.csv", "w", newline="") as file:
        writer = csv.DictWriter(file, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    about = run_about("python -m campus.bench.load", seconds_per_run=seconds)
    (out / "load-run.json").write_text(json.dumps(about, indent=2) + "\n")


def report(rows: list[dict]) -> None:
    print(f"{'experiment':10} {'target':10} {'arch / variant':34} {'users':>5} {'phase':16}"
          f"{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'fail':>7}{'calls/page':>11}")  # fmt: skip
    for r in rows:
        if r["name"] != "Aggregated" and not (
            r["experiment"] == "failure" and r["name"] == DASHBOARD
        ):
            continue
        calls = r.get("catalog_calls_per_page")
        label = f"{r['arch']} {r.get('variant') or ''}".strip()
        print(
            f"{r['experiment']:10} {r['target']:10} {label[:34]:34} {r['users']:5} "
            f"{(r.get('phase') or ''):16}{r['rps']:8.0f}{r['p50_ms']:7.0f}{r['p95_ms']:7.0f}"
            f"{r['p99_ms']:7.0f}{r['failures']:7}{'' if calls is None else f'{calls:11.2f}'}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.bench.load", description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run")
    parser.add_argument("--out", type=Path, help="folder for load-run.csv and load-run.json")
    parser.add_argument("--smoke", action="store_true", help="a few seconds, in-process only")
    options = parser.parse_args(argv)
    logging.disable(logging.ERROR)  # the stopped and slowed catalog log on purpose
    started = time.monotonic()
    if options.smoke:
        rows = smoke(options.seconds)
    else:
        rows = [
            *users_sweep(options.seconds),
            *scale_out(options.seconds),
            *cache(options.seconds),
            *failure(options.seconds),
            *failure_up(options.seconds),
        ]
    out = options.out or Path(tempfile.mkdtemp(prefix="campus-load-"))
    record(rows, out, options.seconds)
    report(rows)
    print(f"written to {out}/load-run.csv in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
