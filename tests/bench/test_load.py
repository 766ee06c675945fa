"""The load run keeps working: a smoke of a few seconds drives the learner mix with locust
against the in-process microservices and the bare hello, and records what it measured."""

import csv
import json

from campus.bench import load

NAMES = {
    "GET /courses",
    "POST /enrollments",
    "POST /enrollments/{id}/complete",
    "GET /dashboard/{learner}",
    "GET /certificates",
    "Aggregated",
}


def test_a_smoke_run_records_every_request_of_the_learner_mix_and_the_hello(tmp_path, capsys):
    assert load.main(["--smoke", "--seconds", "3", "--out", str(tmp_path)]) == 0
    with open(tmp_path / "load-run.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == load.FIELDS
    served = {r["name"] for r in rows if r["target"] == "in-process" and int(r["requests"]) > 0}
    assert served == NAMES
    [hello] = [r for r in rows if r["target"] == "hello" and r["name"] == "Aggregated"]
    assert int(hello["requests"]) > 0
    assert int(hello["failures"]) == 0
    about = json.loads((tmp_path / "load-run.json").read_text())
    assert about["cores"] >= 1
    assert about["recorded_at"].endswith("+00:00")
    assert "written to" in capsys.readouterr().out
