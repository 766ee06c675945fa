"""The load run keeps working: a smoke of one-second windows drives the learner mix with locust
against the bare hello, the in-process microservices and the scaling experiment's waiting
catalog under `campus up`, and records what it measured, three windows a point."""

import csv
import json

import pytest

from campus.bench import load

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("campus_up_slot")]

NAMES = {
    "GET /courses",
    "POST /enrollments",
    "POST /enrollments/{id}/complete",
    "GET /dashboard/{learner}",
    "GET /certificates",
    "Aggregated",
}


def test_a_smoke_run_records_three_windows_a_point_and_the_scaling_experiment(tmp_path, capsys):
    argv = ["--smoke", "--seconds", "1", "--out", str(tmp_path), "--allow-dirty"]
    assert load.main(argv) == 0
    with open(tmp_path / "load-run.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == load.FIELDS
    served = {r["name"] for r in rows if r["target"] == "in-process" and int(r["requests"]) > 0}
    assert served == NAMES
    hello = [r for r in rows if r["target"] == "hello" and r["name"] == "Aggregated"]
    assert [r["repeat"] for r in hello] == ["0", "1", "2"]
    assert sum(int(r["requests"]) for r in hello) > 0
    scaling = [r for r in rows if r["experiment"] == "scaling" and r["name"] == "Aggregated"]
    assert [(r["workers"], r["repeat"]) for r in scaling] == [
        (str(n), str(k)) for n in (1, 2, 3, 4) for k in range(3)
    ]
    assert all(float(r["point_deadline_missed"]) >= 0 for r in scaling)
    about = json.loads((tmp_path / "load-run.json").read_text())
    assert about["windows"] == 3
    assert about["cores"] >= 1
    assert about["recorded_at"].endswith("+00:00")
    assert set(about["load_average"]) == {"before", "after"}
    printed = capsys.readouterr().out
    assert "USL, catalog waiting 500 ms" in printed or "USL: no fit" in printed
    assert "written to" in printed
