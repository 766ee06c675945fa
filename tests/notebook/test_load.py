"""The recorded load run, read back from the files `make load` writes and shown as tables."""

import csv
import json
from pathlib import Path

import pytest

from campus.bench.load import FIELDS
from campus.notebook.load import (
    failure_show,
    reads_show,
    recording_read,
    scale_out_show,
    sweep_show,
)

ABOUT = {
    "recorded_at": "2026-12-05T22:48:22+00:00",
    "cores": 2,
    "load_average_at_end": [8.21, 5.7, 3.8],
    "python": "3.11.7",
    "seconds_per_run": 10.0,
    "commit": "b310353",
    "command": "python -m campus.bench.load",
}
PAGE = "GET /dashboard/{learner}"


def _row(experiment, target, arch, name="Aggregated", **values):
    row = dict.fromkeys(FIELDS, "")
    numbers = {"users": 32, "requests": 200, "failures": 0, "rps": 20.5}
    numbers |= {"p50_ms": 10.0, "p95_ms": 20.0, "p99_ms": 30.0}
    row |= {"experiment": experiment, "target": target, "arch": arch, "name": name}
    return row | numbers | values


PAUSED = {"variant": "breaker + backoff", "phase": "catalog paused", "requests": 500}
PAUSED |= {"failures": 457, "catalog_calls_per_page": "0.12"}

ROWS = [
    _row("users", "campus up", "monolith", users=1, rps=311.4),
    _row("users", "campus up", "monolith", name=PAGE, users=1),
    _row("users", "campus up", "monolith", users=64, rps=272.0),
    _row("users", "hello", "1 worker(s)", users=64, rps=4289.0),
    _row("scale-out", "campus up", "microservices", variant="catalog and dashboard x2", users=64),
    _row("cache", "campus up", "microservices", name=PAGE, variant="no title cache", rps=48.2),
    _row("cache", "campus up", "microservices", name=PAGE, variant="read model, no calls"),
    _row("failure", "campus up", "microservices", name=PAGE, **PAUSED),
]


@pytest.fixture
def recording(tmp_path: Path):
    (tmp_path / "load-run.json").write_text(json.dumps(ABOUT))
    with open(tmp_path / "load-run.csv", "w", newline="") as file:
        writer = csv.DictWriter(file, FIELDS)
        writer.writeheader()
        writer.writerows(ROWS)
    return recording_read(tmp_path)


def test_the_numbers_of_the_csv_are_read_as_numbers(recording):
    first = recording.runs[0]
    assert (first["users"], first["requests"], first["rps"], first["p99_ms"]) == (1, 200, 311.4, 30)
    assert (type(first["failures"]), type(first["p50_ms"])) == (int, float)


def test_aggregated_rows_are_the_runs_totals_matching_every_column_asked(recording):
    found = recording.aggregated(experiment="users", target="campus up", users=64)
    assert [(r["arch"], r["rps"]) for r in found] == [("monolith", 272.0)]
    assert all(r["name"] == "Aggregated" for r in recording.aggregated(experiment="users"))


def test_the_recording_line_says_when_how_at_which_commit_and_on_how_many_cores(recording):
    line = recording.line()
    for part in ("2026-12-05T22:48:22+00:00", "`python -m campus.bench.load`", "b310353"):
        assert part in line
    assert "on 2 cores, 10 s per run; load average at the end 8.2" in line


def test_the_sweep_groups_the_totals_by_target_and_architecture(recording, capsys):
    sweep = sweep_show(recording)
    assert {label: [r["users"] for r in runs] for label, runs in sweep.items()} == {
        "campus up, monolith": [1, 64],
        "hello, 1 worker(s)": [64],
    }
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].replace(" ms", "_ms").split() == [
        "target",
        "users",
        "req/s",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "failed",
    ]
    assert lines[2].split()[:6] == ["campus", "up,", "monolith", "1", "311", "10.00"]


def test_the_scale_out_and_reads_tables_show_their_runs_by_variant(recording, capsys):
    assert [r["variant"] for r in scale_out_show(recording)] == ["catalog and dashboard x2"]
    reads = reads_show(recording)
    assert list(reads) == ["no title cache", "read model, no calls"]
    assert reads["no title cache"]["rps"] == 48.2
    printed = capsys.readouterr().out
    assert "catalog and dashboard x2" in printed
    assert "read model, no calls" in printed


def test_a_failure_run_shows_the_share_of_pages_that_lacked_a_part(recording, capsys):
    [paused] = failure_show(recording)
    assert paused["failed_percent"] == 91.4  # 457 of 500 pages
    assert "failed_percent" not in recording.named(PAGE, experiment="failure")[0]
    row = capsys.readouterr().out.splitlines()[2]
    assert row.split()[-3:] == ["30.00", "91.40", "0.12"]


def test_the_committed_recording_reads_and_holds_every_table_the_notebook_shows():
    recording = recording_read(Path(__file__).parents[2] / "notebooks" / "data")
    assert recording.aggregated(experiment="users", target="campus up", users=64)
    assert recording.aggregated(experiment="scale-out")
    assert recording.named(PAGE, experiment="cache")
    assert recording.named(PAGE, experiment="failure")
