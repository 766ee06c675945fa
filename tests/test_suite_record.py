"""A run's record (tests/suite_record.py): each test counted once, with its set-up, call and
tear-down added up per file, written with the run's commit, date and exit status."""

import json
from pathlib import Path
from types import SimpleNamespace

from suite_record import SuiteRecord

ROOT = Path(__file__).resolve().parents[1]


def _report(nodeid: str, when: str, outcome: str, duration: float):
    return SimpleNamespace(
        nodeid=nodeid,
        when=when,
        duration=duration,
        passed=outcome == "passed",
        failed=outcome == "failed",
        skipped=outcome == "skipped",
    )


def test_a_file_adds_up_every_phase_and_counts_each_test_once(tmp_path):
    record = SuiteRecord(tmp_path / "run.json", root=ROOT, args=["tests/x"], workers=2)
    reports = [
        ("tests/x/test_a.py::test_one", "setup", "passed", 0.5),
        ("tests/x/test_a.py::test_one", "call", "failed", 1.0),
        ("tests/x/test_a.py::test_one", "teardown", "passed", 0.25),
        ("tests/x/test_a.py::test_two[monolith]", "setup", "skipped", 0.125),
        ("tests/x/test_a.py::test_two[monolith]", "teardown", "passed", 0.0),
    ]
    for report in reports:
        record.pytest_runtest_logreport(_report(*report))
    record.pytest_sessionfinish(exitstatus=1)
    written = json.loads((tmp_path / "run.json").read_text())
    assert written["files"] == {
        "tests/x/test_a.py": {"tests": 2, "seconds": 1.875, "failed": 1, "skipped": 1}
    }
    assert (written["exit_status"], written["workers"], written["selection"]) == (1, 2, ["tests/x"])
    assert len(written["commit"]) == 40
