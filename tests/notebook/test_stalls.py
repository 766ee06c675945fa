"""The recorded stall run, read and printed for part 5's notebook."""

import json
from pathlib import Path

import pytest

from campus.bench.stall_record import COLUMNS, RECORDING, recording_write
from campus.bench.stalls import SCENARIOS
from campus.notebook.stalls import LABELS, stalls_recorded, stalls_show

ABOUT = {
    "recorded_at": "2026-12-07T10:00:00+00:00",
    "command": "python -m campus.bench.stalls",
    "commit": "abc",
    "dirty": False,
    "cores": 2,
    "load_average": {"before": [1.0] * 3, "after": [2.5] * 3},
    "stall_s": 30.0,
    "completions": 200,
    "completions_per_s": 10.0,
    "deadline_s": 1.0,
    "margin_s": 0.5,
    "threads": 4,
}


def row(scenario: str, **figures) -> dict:
    values = dict.fromkeys(COLUMNS, 0) | {"scenario": scenario, "sound": True}
    return values | {"statuses": {"200": 300, "503": 7}} | figures


def test_a_recorded_run_prints_its_provenance_its_setting_and_a_column_per_scenario(
    tmp_path, capsys
):
    rows = [row("(e) PostgreSQL stopped", requests=307), row("(f) Redis stopped", sound=False)]
    recording_write(tmp_path, ABOUT, rows)
    stalls_show(stalls_recorded(tmp_path))
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == (
        "recorded 2026-12-07T10:00:00+00:00 by `python -m campus.bench.stalls` at commit abc, "
        "on 2 cores; load average (1 min) 1.0 before, 2.5 after"
    )
    assert printed[1].startswith("each fault 30 s; 4 threads sending pages, each request given 1 s")
    assert printed[2].split() == ["(e)", "PostgreSQL", "stopped", "(f)", "Redis", "stopped"]
    assert printed[4].split() == ["requests", "sent", "307", "0"]
    assert "200:300 503:7" in printed[8]
    assert printed[-1].split() == ["verdict", "ok", "FAILED"]


def test_every_figure_of_a_row_has_a_label_in_the_table():
    assert tuple(LABELS) == COLUMNS[1:]


def test_a_recording_of_other_columns_than_todays_is_refused(tmp_path):
    stale = {key: value for key, value in row("(e) x").items() if key != "retry_after"}
    (tmp_path / RECORDING).write_text(json.dumps({"about": ABOUT, "rows": [stale]}))
    with pytest.raises(ValueError, match="record it again"):
        stalls_recorded(tmp_path)


def test_the_recording_part_5_reads_holds_every_scenario_with_todays_columns():
    recorded = stalls_recorded(Path(__file__).parents[2] / "notebooks" / "data")
    assert [r["scenario"] for r in recorded.rows] == list(SCENARIOS)
    assert not recorded.about["dirty"]
