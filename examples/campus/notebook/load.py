"""The recorded load run (``make load``: ``load-run.csv`` and ``load-run.json``), read and
printed as tables for a notebook.

    >>> run = recording_read("data")                                   # doctest: +SKIP
    >>> sweep = sweep_show(run)                                        # doctest: +SKIP

Every row of the CSV is one window of one point (its repeats), for one request name
(``Aggregated`` is the window's total), with its numbers as numbers. A point's figures are the
median of its windows; ``rps_min`` and ``rps_max`` give their spread.

Longer than most modules: one reader and the five tables the notebook prints from it, each a
short function over the same points.
"""

import csv
import json
import math
import statistics
from dataclasses import dataclass
from pathlib import Path

from campus.bench.provenance import about_line
from campus.bench.scaling import served_rps
from campus.tables import table_format

__all__ = [
    "Recording",
    "architectures_show",
    "failure_show",
    "reads_show",
    "recording_read",
    "scaling_show",
    "sweep_show",
]

INTEGERS = ("users", "requests", "failures")
FLOATS = ("rps", "p50_ms", "p95_ms", "p99_ms")
TOTAL = "Aggregated"
DASHBOARD = "GET /dashboard/{learner}"
POINT = ("experiment", "target", "arch", "variant", "users", "phase", "workers", "name")
MEDIANS = ("rps", "served_rps", "p50_ms", "p95_ms", "p99_ms")


@dataclass(frozen=True)
class Recording:
    """``about``: when, where and how the run was recorded (``load-run.json``); ``runs``: the
    rows of ``load-run.csv``, one per window."""

    about: dict
    runs: list[dict]

    def aggregated(self, **where) -> list[dict]:
        """The points of the total rows whose columns equal ``where`` (``experiment="users"``)."""
        return self.named(TOTAL, **where)

    def named(self, name: str, **where) -> list[dict]:
        """The points of request ``name`` whose columns equal ``where``: each the median of its
        windows (``rps_min``, ``rps_max``: their range; ``requests``, ``failures``: summed)."""
        points: dict[tuple, list[dict]] = {}
        for r in self.runs:
            if r["name"] == name and all(r[k] == v for k, v in where.items()):
                points.setdefault(tuple(r[k] for k in POINT), []).append(r)
        return [_point(windows) for windows in points.values()]

    def line(self) -> str:
        """When, by which command, at which commit, on how many cores and under what load."""
        return about_line(self.about)


def _point(windows: list[dict]) -> dict:
    windows = [{**r, "served_rps": served_rps(r)} for r in windows]
    point = dict(windows[0])
    point |= {key: _median([r[key] for r in windows]) for key in MEDIANS}
    point |= {key: sum(r[key] for r in windows) for key in ("requests", "failures")}
    for key, short in (("rps", "rps"), ("served_rps", "served")):
        point |= {f"{short}_min": min(r[key] for r in windows)}
        point |= {f"{short}_max": max(r[key] for r in windows)}
    return point | {"windows": len(windows)}


def _median(values: list[float]) -> float:
    """The median of the windows that have the figure: one that served nothing has no
    percentiles (NaN), and is left out of theirs."""
    known = [v for v in values if not math.isnan(v)]
    return statistics.median(known) if known else math.nan


def _whole(value: float):
    """A figure rounded for a table, or ``-`` where no window had it."""
    return "-" if math.isnan(value) else round(value)


def recording_read(folder: str | Path) -> Recording:
    """Read ``load-run.json`` and ``load-run.csv`` from ``folder``."""
    folder = Path(folder)
    about = json.loads((folder / "load-run.json").read_text(encoding="utf-8"))
    with open(folder / "load-run.csv", newline="", encoding="utf-8") as file:
        runs = list(csv.DictReader(file))
    for row in runs:
        row.update({key: int(row[key]) for key in INTEGERS})
        row.update({key: float(row[key]) for key in FLOATS})
        row["workers"] = int(row["workers"]) if row["workers"] else None
    return Recording(about, runs)


def _spread(point: dict) -> str:
    return f"{point['rps']:.0f} ({point['rps_min']:.0f}-{point['rps_max']:.0f})"


def sweep_show(recording: Recording) -> dict[str, list[dict]]:
    """Print the users sweep (1 to 64 users, every target); return its total points by
    ``"target, arch"`` (``"campus up, monolith"``, ``"hello, 1 worker(s)"``, ...)."""
    sweep: dict[str, list[dict]] = {}
    for r in recording.aggregated(experiment="users"):
        sweep.setdefault(f"{r['target']}, {r['arch']}", []).append(r)
    rows = [
        (label, r["users"], _spread(r), r["p50_ms"], r["p99_ms"], r["failures"])
        for label, runs in sweep.items()
        for r in runs
    ]
    headers = ["target", "users", "req/s (range)", "p50 ms", "p99 ms", "failed"]
    print(table_format(headers, rows))
    return sweep


def architectures_show(recording: Recording) -> list[tuple]:
    """Print, then return, the two architectures under ``campus up`` side by side at each load:
    requests served per second (those that did not fail) and p99, then what each costs in
    processes and memory."""
    both = {
        arch: {r["users"]: r for r in recording.aggregated(experiment="users", arch=arch)}
        for arch in ("monolith", "microservices")
    }
    rows = [
        (users, round(mono["served_rps"]), round(both["microservices"][users]["served_rps"]),
         _whole(mono["p99_ms"]), _whole(both["microservices"][users]["p99_ms"]))
        for users, mono in both["monolith"].items()
    ]  # fmt: skip
    headers = ["users", "monolith served/s", "services served/s", "monolith p99", "services p99"]
    print(table_format(headers, rows))
    costs = recording.about.get("footprint", {})
    print(table_format(
        ["campus up", "processes", "RSS summed, MiB"],
        [(arch, cost["processes"], cost["rss_mib"]) for arch, cost in costs.items()],
    ))  # fmt: skip
    return rows


def scaling_show(recording: Recording) -> list[dict]:
    """Print the scaling runs (the catalog waiting or computing, on 1 to 8 workers): served
    requests/s, p99, failed, and what the catalog dropped and the breaker refused; return the
    total points."""
    points = recording.aggregated(experiment="scaling")
    rows = [
        (r["variant"].removeprefix("catalog "), r["workers"], round(r["served_rps"]), _spread(r),
         _whole(r["p99_ms"]), r["failures"], int(float(r["point_deadline_missed"])),
         int(float(r["point_breaker_refused"])))
        for r in points
    ]  # fmt: skip
    headers = ["catalog", "workers", "served/s", "req/s (range)", "p99 ms", "failed"]
    print(table_format([*headers, "deadline missed", "breaker refused"], rows))
    return points


def reads_show(recording: Recording) -> dict[str, dict]:
    """Print the dashboard pages of the reads runs (32 users: calls, cached titles, read model);
    return them by variant."""
    reads = {r["variant"]: r for r in recording.named(DASHBOARD, experiment="cache")}
    rows = [(variant, round(r["rps"]), r["p50_ms"], r["p99_ms"]) for variant, r in reads.items()]
    print(table_format(["dashboard, 32 users", "pages/s", "p50 ms", "p99 ms"], rows))
    return reads


def failure_show(recording: Recording) -> list[dict]:
    """Print the dashboard pages of the failure runs (32 users, the catalog healthy, slowed,
    stopped or paused; without and with the breaker and backoff); return those points, each
    with ``failed_percent`` (the share of pages that lacked a part) added."""
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
