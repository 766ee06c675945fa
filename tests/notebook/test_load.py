"""The recorded load run, read back from the files `make load` writes and shown as tables."""

import csv
import json
from pathlib import Path

import pytest

from campus.bench.load import FIELDS
from campus.bench.scaling import LEVELS
from campus.notebook.load import (
    architectures_show,
    failure_show,
    reads_show,
    recording_read,
    scaling_show,
    sweep_show,
)

ABOUT = {
    "recorded_at": "2026-12-05T22:48:22+00:00",
    "ended_at": "2026-12-05T23:01:02+00:00",
    "commit": "b310353",
    "dirty": False,
    "command": "python -m campus.bench.load",
    "cores": 2,
    "load_average": {"before": [3.1, 2.0, 1.5], "after": [8.21, 5.7, 3.8]},
    "python": "3.11.7",
    "seconds_per_window": 2.5,
    "windows": 3,
    "footprint": {
        "monolith": {"processes": 9, "rss_mib": 400.5},
        "microservices": {"processes": 30, "rss_mib": 1500.0},
    },
}
PAGE = "GET /dashboard/{learner}"


def _row(experiment, target, arch, name="Aggregated", **values):
    row = dict.fromkeys(FIELDS, "")
    numbers = {"users": 32, "requests": 200, "failures": 0, "rps": 20.5, "repeat": 0}
    numbers |= {"p50_ms": 10.0, "p95_ms": 20.0, "p99_ms": 30.0}
    row |= {"experiment": experiment, "target": target, "arch": arch, "name": name}
    return row | numbers | values


PAUSED = {"variant": "breaker + backoff", "phase": "catalog paused", "requests": 500}
PAUSED |= {"failures": 457, "catalog_calls_per_page": "0.12"}

SCALING = {"variant": "catalog waiting 200 ms", "users": 64, "point_deadline_missed": "3.0"}
SCALING |= {"point_breaker_refused": "0.0"}

ROWS = [
    _row("users", "campus up", "monolith", users=1, rps=311.4),
    _row("users", "campus up", "monolith", name=PAGE, users=1),
    _row("users", "campus up", "monolith", users=64, rps=272.0),
    _row("users", "campus up", "monolith", users=64, rps=250.0, repeat=1),
    _row("users", "campus up", "monolith", users=64, rps=280.0, repeat=2, failures=2),
    _row("users", "campus up", "microservices", users=1, rps=200.0),
    _row("users", "campus up", "microservices", users=64, rps=218.0, p99_ms=90.0, failures=100),
    _row("users", "hello", "1 worker(s)", users=64, rps=4289.0),
    _row("scaling", "campus up", "microservices", workers=1, rps=40.0, failures=50, **SCALING),
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


def test_a_point_is_the_median_of_its_windows_with_their_range(recording):
    found = recording.aggregated(experiment="users", target="campus up", arch="monolith", users=64)
    [point] = found
    assert (point["rps"], point["rps_min"], point["rps_max"]) == (272.0, 250.0, 280.0)
    assert (point["windows"], point["requests"], point["failures"]) == (3, 600, 2)
    assert all(r["name"] == "Aggregated" for r in recording.aggregated(experiment="users"))


def test_the_recording_line_says_when_how_at_which_commit_and_under_what_load(recording):
    line = recording.line()
    for part in ("2026-12-05T22:48:22+00:00", "`python -m campus.bench.load`", "b310353"):
        assert part in line
    assert "on 2 cores; load average (1 min) 3.1 before, 8.2 after" in line
    assert "UNCOMMITTED" not in line


def test_the_architectures_stand_side_by_side_with_their_processes_and_memory(recording, capsys):
    # Served: requests that did not fail. Half the microservices' failed at 64 users.
    assert architectures_show(recording) == [(1, 311, 200, 30, 30), (64, 272, 109, 30, 90)]
    printed = capsys.readouterr().out
    assert "microservices" in printed
    assert "1500.0" in printed


def test_the_sweep_groups_the_totals_by_target_and_architecture(recording, capsys):
    sweep = sweep_show(recording)
    assert {label: [r["users"] for r in runs] for label, runs in sweep.items()} == {
        "campus up, monolith": [1, 64],
        "campus up, microservices": [1, 64],
        "hello, 1 worker(s)": [64],
    }
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].replace(" ms", "_ms").replace(" (range)", "").split() == [
        "target",
        "users",
        "req/s",
        "p50_ms",
        "p99_ms",
        "failed",
    ]
    assert lines[3].split()[:7] == ["campus", "up,", "monolith", "64", "272", "(250-280)", "10.00"]


def test_the_scaling_table_counts_served_requests_and_what_the_catalog_dropped(recording, capsys):
    [point] = scaling_show(recording)
    assert (point["workers"], point["served_rps"]) == (1, 40.0 * (1 - 50 / 200))
    assert "waiting 200 ms" in capsys.readouterr().out


def test_the_reads_table_shows_its_runs_by_variant(recording, capsys):
    reads = reads_show(recording)
    assert list(reads) == ["no title cache", "read model, no calls"]
    assert reads["no title cache"]["rps"] == 48.2
    assert "read model, no calls" in capsys.readouterr().out


def test_a_failure_run_shows_the_share_of_pages_that_lacked_a_part(recording, capsys):
    [paused] = failure_show(recording)
    assert paused["failed_percent"] == 91.4  # 457 of 500 pages
    assert "failed_percent" not in recording.named(PAGE, experiment="failure")[0]
    row = capsys.readouterr().out.splitlines()[2]
    assert row.split()[-3:] == ["30.00", "91.40", "0.12"]


def test_the_committed_recording_comes_from_a_clean_commit_with_three_windows_a_point():
    folder = Path(__file__).parents[2] / "notebooks" / "data"
    recording = recording_read(folder)
    with open(folder / "load-run.csv", newline="") as file:
        assert next(csv.reader(file)) == FIELDS
    about = recording.about
    assert about["dirty"] is False
    assert about["windows"] >= 3
    assert about["cores"] >= 1
    assert set(about["load_average"]) == {"before", "after"}
    assert set(about["footprint"]) == {"monolith", "microservices"}
    points = [
        *recording.aggregated(experiment="users"),
        *recording.aggregated(experiment="scaling"),
        *recording.named(PAGE, experiment="cache"),
        *recording.named(PAGE, experiment="failure"),
    ]
    assert {p["experiment"] for p in points} == {"users", "scaling", "cache", "failure"}
    assert all(p["windows"] == about["windows"] for p in points)
    assert {p["workers"] for p in recording.aggregated(experiment="scaling")} == set(LEVELS)
