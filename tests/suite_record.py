"""How long each test file ran, written down when ``CAMPUS_TEST_RECORD`` names a file.

``make test TEST_RECORD=tests/recorded/suite-run.json`` sets it; the page on the test strategy reads
that file (talk/_ext/suite_pyramid.py), so its durations come from a real run, dated and tied to
a commit, never typed. Only the controlling process writes (under pytest-xdist each worker's
reports reach it); a test's time is its setup, call and teardown::

    {"commit": "2fa2b9d...", "changes": false, "date": "2026-12-07T10:40:00+00:00",
     "workers": 2, "wall_seconds": 812.4, "selection": ["tests"], "exit_status": 0,
     "files": {"tests/test_tables.py": {"tests": 6, "seconds": 0.05, "failed": 0, "skipped": 0}}}
"""

import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["ENV", "SuiteRecord", "record_start"]

ENV = "CAMPUS_TEST_RECORD"


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return done.stdout.strip()


class SuiteRecord:
    """A pytest plugin: adds up each report's duration per test file, and saves them with the
    run's date and commit when the session finishes."""

    def __init__(self, path: Path, *, root: Path, args: list[str], workers: int):
        self.path, self.root, self.args, self.workers = path, root, args, workers
        self.started = time.monotonic()
        self.files = defaultdict(lambda: {"tests": 0, "seconds": 0.0, "failed": 0, "skipped": 0})

    def pytest_runtest_logreport(self, report) -> None:
        entry = self.files[report.nodeid.split("::")[0]]
        entry["seconds"] += report.duration
        # A test is counted once: at its call, or at a setup that skipped or failed it.
        if report.when == "call" or (report.when == "setup" and not report.passed):
            entry["tests"] += 1
            entry["failed"] += report.failed
            entry["skipped"] += report.skipped

    def pytest_sessionfinish(self, exitstatus) -> None:
        record = {
            "commit": _git(self.root, "rev-parse", "HEAD"),
            "changes": bool(_git(self.root, "status", "--porcelain", "--", "examples", "tests")),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": sys.version.split()[0],
            "workers": self.workers,
            "wall_seconds": round(time.monotonic() - self.started, 1),
            "selection": self.args,
            "exit_status": int(exitstatus),  # 0: every test passed; 2: interrupted
            "files": {
                name: {**entry, "seconds": round(entry["seconds"], 3)}
                for name, entry in sorted(self.files.items())
            },
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def record_start(config) -> SuiteRecord | None:
    """Registers a record of this run when ``CAMPUS_TEST_RECORD`` is set, in the controlling
    process only (from ``pytest_configure``)."""
    target = os.environ.get(ENV)
    if not target or hasattr(config, "workerinput"):
        return None
    workers = config.getoption("numprocesses", default=None) or 0
    root = Path(config.rootpath)
    # The command line as typed: its --ignore and -k say what the run left out.
    args = list(config.invocation_params.args)
    record = SuiteRecord(root / target, root=root, args=args, workers=workers)
    config.pluginmanager.register(record, "suite_record")
    return record
