"""What a learner waits for, against the targets: notebooks, the site build, serve, up, the tests.

    python -m campus.bench.learner                  # every row, three runs each (about 50 min)
    python -m campus.bench.learner --only notebooks serve up

Each row prints the median of its runs beside its target and the machine's load average (one,
five, fifteen minutes) before and after: a busy machine's figures say so. It is a benchmark, not
a test: it exits 0 whatever it measures, and 1 only when something it runs fails.
"""

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from .learner_runs import (
    ROOT,
    make_seconds,
    notebook_seconds,
    notebook_starts_up,
    project_copy,
    serve_seconds,
    up_seconds,
)

__all__ = ["ROWS", "main"]

ROWS = ("notebooks", "docs", "serve", "up", "test")
NOTEBOOK_TARGET_S, UP_NOTEBOOK_TARGET_S, NOTEBOOKS_TARGET_S = 5.0, 15.0, 45.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.bench.learner", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (at least 3)")
    parser.add_argument("--only", nargs="+", choices=ROWS, default=list(ROWS), metavar="ROW")
    options = parser.parse_args(argv)
    if options.runs < 3:
        parser.error("--runs: a median of fewer than three runs says little")
    print(f"{'what':46} {'median':>9} {'target':>9}  runs  load before -> after")
    with tempfile.TemporaryDirectory(prefix="campus-bench-learner-") as scratch:
        for row in options.only:
            _MEASURES[row](options.runs, Path(scratch))
    return 0


def _report(what: str, values: list[float], target: str, before: str) -> None:
    median = statistics.median(values)
    print(f"{what:46} {median:8.1f}s {target:>9}  {len(values):4}  {before} -> {_load()}")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _timed(what, runs, measure, target) -> list[float]:
    before = _load()
    values = [measure() for _ in range(runs)]
    _report(what, values, target, before)
    return values


def _notebooks(runs: int, _scratch: Path) -> None:
    before, sums = _load(), [0.0] * runs
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        target = UP_NOTEBOOK_TARGET_S if notebook_starts_up(path) else NOTEBOOK_TARGET_S
        values = _timed(path.stem, runs, lambda p=path: notebook_seconds(p), f"≤{target:.0f}s")
        sums = [total + value for total, value in zip(sums, values, strict=True)]
    _report("notebooks, all", sums, f"≤{NOTEBOOKS_TARGET_S:.0f}s", before)


def _docs(runs: int, scratch: Path) -> None:
    before, cold, warm = _load(), [], []
    for run in range(runs):
        project = project_copy(scratch / f"docs-{run}")
        cold.append(make_seconds(project, "docs"))
        warm.append(make_seconds(project, "docs"))
    _report("make docs, cold (venv present)", cold, "≤60s", before)
    _report("make docs, nothing changed", warm, "≤5s", before)


def _serve(runs: int, _scratch: Path) -> None:
    _timed("campus serve, start to URLs, fresh data folder", runs, serve_seconds, "≤1.5s")


def _up(runs: int, _scratch: Path) -> None:
    before = _load()
    starts = [up_seconds() for _ in range(runs)]
    _report("campus up, ready cold", [ready for ready, _, _ in starts], "≤5s", before)
    # Not a row of the targets: the event workers start once the URLs are out.
    _report("campus up, event workers attached", [at for _, at, _ in starts], "-", before)
    _report("campus up, stop", [stop for _, _, stop in starts], "≤2s", before)


def _test(runs: int, scratch: Path) -> None:
    project = project_copy(scratch / "test")
    _timed("make test (venv present)", runs, lambda: make_seconds(project, "test"), "≤600s")


_MEASURES = {"notebooks": _notebooks, "docs": _docs, "serve": _serve, "up": _up, "test": _test}

if __name__ == "__main__":
    raise SystemExit(main())
