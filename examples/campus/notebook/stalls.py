"""The recorded fault run of `campus.bench.stalls` (``stalls.json``), read and printed for part
5's notebook: a backing service stalled under light load, and what the requests and the events
got.

    >>> recorded = stalls_recorded("data")                             # doctest: +SKIP
    >>> stalls_show(recorded)                                          # doctest: +SKIP
"""

import json
from pathlib import Path
from typing import NamedTuple

from campus.bench.provenance import about_line
from campus.bench.stall_record import COLUMNS, RECORDING, statuses_text
from campus.tables import table_format

__all__ = ["StallsRecorded", "stalls_recorded", "stalls_show"]

# Each figure of a row, as the table's first column names it.
LABELS = {
    "requests": "requests sent",
    "in_time": "answered in time",
    "late": "answered late",
    "unanswered": "unanswered",
    "statuses": "statuses",
    "retry_after": "503 with Retry-After",
    "issued": "events issued",
    "published": "published",
    "delivered": "delivered",
    "dead_lettered": "dead-lettered",
    "certificates": "certificates",
    "lost": "lost",
    "sound": "verdict",
}


class StallsRecorded(NamedTuple):
    """A recorded run of `campus.bench.stalls`: ``about`` says when, where and how (with the
    stall's length, the deadline and the load); ``rows`` holds one scenario each."""

    about: dict
    rows: list[dict]

    def line(self) -> str:
        """When, by which command, at which commit, on how many cores and under what load."""
        return about_line(self.about)

    def setting(self) -> str:
        """What each scenario ran under, from the recording."""
        a = self.about
        return (
            f"each fault {a['stall_s']:g} s; {a['threads']} threads sending pages, each request "
            f"given {a['deadline_s']:g} s (in time: answered within {a['margin_s']:g} s more); "
            f"{a['completions']} completions per scenario at {a['completions_per_s']:g}/s"
        )


def stalls_recorded(folder: str | Path) -> StallsRecorded:
    """The recorded run in ``folder``; refused if its rows are not today's columns."""
    recorded = StallsRecorded(**json.loads((Path(folder) / RECORDING).read_text()))
    for row in recorded.rows:
        if tuple(row) != COLUMNS:
            raise ValueError(
                f"{RECORDING} has columns {list(row)}, not {list(COLUMNS)}: record it again"
            )
    return recorded


def stalls_show(recorded: StallsRecorded) -> None:
    """Print the recording's line and setting, then a column per scenario, a row per figure."""
    print(recorded.line())
    print(recorded.setting())
    shown = [{**row, "statuses": statuses_text(row["statuses"])} for row in recorded.rows]
    for row in shown:
        row["sound"] = "ok" if row["sound"] else "FAILED"
    table = [[label, *(row[key] for row in shown)] for key, label in LABELS.items()]
    print(table_format(["", *(row["scenario"] for row in shown)], table))
