"""A scenario of the stall run as data, as printed, and as written for the notebook."""

import json
import re

from campus.bench.deadline_load import Tally
from campus.bench.stall_record import COLUMNS, HEADER, recording_write, row_text, stall_row
from campus.bench.workload import Counts

STATUSES = {"503": 9, "200": 412}


def tally(late: int = 0) -> Tally:
    return Tally(
        requests=421, in_time=421 - late, late=late, unanswered=0, statuses=STATUSES, retry_after=9
    )


def counts(dead: frozenset = frozenset({"p1"})) -> Counts:
    return Counts(
        issued=20,
        published=20,
        certificates=20,
        applied_ids=20,
        lost=0,
        applied_twice=0,
        duplicates_on_stream=0,
        dead_letter_ids=dead,
        latencies_ms=(),
    )


def test_a_row_holds_every_column_in_order_with_the_poison_events_left_out_of_the_dead():
    row = stall_row("(f) Redis stopped", tally(), counts(), poison={"p1"})
    assert tuple(row) == COLUMNS
    assert row["dead_lettered"] == 0
    assert row["statuses"] == {"200": 412, "503": 9}
    assert row["sound"] is True


def test_a_late_answer_or_an_unexpected_dead_letter_makes_the_row_unsound():
    assert stall_row("(e) x", tally(late=1), counts(), poison={"p1"})["sound"] is False
    dead = counts(frozenset({"p1", "e-3"}))
    row = stall_row("(e) x", tally(), dead, poison={"p1"})
    assert (row["dead_lettered"], row["sound"]) == (1, False)


def test_the_printed_row_lines_up_under_the_header_and_ends_with_its_verdict():
    text = row_text(stall_row("(g) every PostgreSQL slot held", tally(), counts(), {"p1"}))
    assert text.index("200:412 503:9") == HEADER.index("statuses")
    assert re.search(r"\s20\s+0\s+20\s+0  ok$", text)


def test_the_recording_is_json_with_about_and_rows(tmp_path):
    row = stall_row("(e) PostgreSQL stopped", tally(), counts(), {"p1"})
    path = recording_write(tmp_path / "data", {"commit": "abc"}, [row])
    assert json.loads(path.read_text()) == {"about": {"commit": "abc"}, "rows": [row]}
