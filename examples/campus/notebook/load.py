"""The recorded load run (``make load``: ``load-run.csv`` and ``load-run.json``), read and
printed as tables for a notebook.

    >>> run = recording_read("data")                                   # doctest: +SKIP
    >>> sweep = sweep_show(run)                                        # doctest: +SKIP

Every row of the CSV is one run of one request name (``Aggregated`` is the run's total), with
its numbers as numbers.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from campus.tables import table_format

__all__ = [
    "Recording",
    "failure_show",
    "reads_show",
    "recording_read",
    "scale_out_show",
    "sweep_show",
]

INTEGERS = ("users", "requests", "failures")
FLOATS = ("rps", "p50_ms", "p95_ms", "p99_ms")
TOTAL = "Aggregated"
DASHBOARD = "GET /dashboard/{learner}"


@dataclass(frozen=True)
class Recording:
    """``about``: when, where and how the run was recorded (``load-run.json``); ``runs``: the
    rows of ``load-run.csv``."""

    about: dict
    runs: list[dict]

    def aggregated(self, **where) -> list[dict]:
        """The total rows whose columns equal ``where`` (``experiment="users"``, ...)."""
        return self.named(TOTAL, **where)

    def named(self, name: str, **where) -> list[dict]:
        """The rows of request ``name`` whose columns equal ``where``."""
        return [
            r for r in self.runs if r["name"] == name and all(r[k] == v for k, v in where.items())
        ]

    def line(self) -> str:
        """When, by which command, at which commit and on how many cores the run was made."""
        about = self.about
        return (
            f"recorded {about['recorded_at']} by `{about['command']}` at commit "
            f"{about['commit']}, on {about['cores']} cores, {about['seconds_per_run']:.0f} s per "
            f"run; load average at the end {about['load_average_at_end'][0]:.1f}"
        )


def recording_read(folder: str | Path) -> Recording:
    """Read ``load-run.json`` and ``load-run.csv`` from ``folder``."""
    folder = Path(folder)
    about = json.loads((folder / "load-run.json").read_text(encoding="utf-8"))
    with open(folder / "load-run.csv", newline="", encoding="utf-8") as file:
        runs = list(csv.DictReader(file))
    for row in runs:
        row.update({key: int(row[key]) for key in INTEGERS})
        row.update({key: float(row[key]) for key in FLOATS})
    return Recording(about, runs)


def sweep_show(recording: Recording) -> dict[str, list[dict]]:
    """Print the users sweep (1 to 64 users, every target); return its total rows by
    ``"target, arch"`` (``"campus up, monolith"``, ``"hello, 1 worker(s)"``, ...)."""
    sweep: dict[str, list[dict]] = {}
    for r in recording.aggregated(experiment="users"):
        sweep.setdefault(f"{r['target']}, {r['arch']}", []).append(r)
    rows = [
        (label, r["users"], round(r["rps"]), r["p50_ms"], r["p95_ms"], r["p99_ms"], r["failures"])
        for label, runs in sweep.items()
        for r in runs
    ]
    print(table_format(["target", "users", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed"], rows))
    return sweep


def scale_out_show(recording: Recording) -> list[dict]:
    """Print the scale-out runs (more gunicorn workers for the catalog and the dashboard at 64
    users); return their total rows."""
    runs = recording.aggregated(experiment="scale-out")
    rows = [(r["variant"], round(r["rps"]), r["p50_ms"], r["p99_ms"], r["failures"]) for r in runs]
    print(table_format(["scale-out, 64 users", "req/s", "p50 ms", "p99 ms", "failed"], rows))
    return runs


def reads_show(recording: Recording) -> dict[str, dict]:
    """Print the dashboard pages of the reads runs (32 users: calls, cached titles, read model);
    return them by variant."""
    reads = {r["variant"]: r for r in recording.named(DASHBOARD, experiment="cache")}
    rows = [(variant, round(r["rps"]), r["p50_ms"], r["p99_ms"]) for variant, r in reads.items()]
    print(table_format(["dashboard, 32 users", "pages/s", "p50 ms", "p99 ms"], rows))
    return reads


def failure_show(recording: Recording) -> list[dict]:
    """Print the dashboard pages of the failure runs (32 users, the catalog healthy, slowed,
    stopped or paused; without and with the breaker and backoff); return those rows, each with
    ``failed_percent`` (the share of pages that lacked a part) added."""
    runs = [
        {**r, "failed_percent": round(100 * r["failures"] / max(1, r["requests"]), 1)}
        for r in recording.named(DASHBOARD, experiment="failure")
    ]
    headers = ["dashboard, 32 users", "target", "catalog", "pages/s", "p99 ms", "failed %"]
    rows = [
        (
            r["variant"],
            r["target"],
            r["phase"],
            round(r["rps"]),
            r["p99_ms"],
            r["failed_percent"],
            round(float(r["catalog_calls_per_page"] or "nan"), 2),
        )
        for r in runs
    ]
    print(table_format([*headers, "calls/page"], rows))
    return runs
