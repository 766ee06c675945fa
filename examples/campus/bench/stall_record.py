"""One scenario of `campus.bench.stalls` as data: the row it prints, and what ``stalls.json``
holds for the notebook of part 5.

    >>> row = stall_row("(f) Redis stopped", tally, counts, poison)    # doctest: +SKIP
    >>> print(row_text(row))                                          # doctest: +SKIP
    >>> recording_write(Path("notebooks/data"), about, [row])          # doctest: +SKIP
"""

import json
from pathlib import Path

__all__ = [
    "COLUMNS",
    "HEADER",
    "RECORDING",
    "recording_write",
    "row_text",
    "stall_row",
    "statuses_text",
]

RECORDING = "stalls.json"
# A row's keys, in the order the table shows them; a reader refuses a recording of other ones.
COLUMNS = (
    "scenario",
    "requests",
    "in_time",
    "late",
    "unanswered",
    "statuses",
    "retry_after",
    "issued",
    "published",
    "delivered",
    "dead_lettered",
    "certificates",
    "lost",
    "sound",
)
HEADER = (
    f"{'scenario':30}{'reqs':>6}{'in time':>8}{'late':>6}{'none':>6}  {'statuses':26}"
    f"{'issued':>7}{'publ':>6}{'deliv':>6}{'dead':>6}{'certs':>6}{'lost':>5}"
)


def stall_row(name: str, tally, counts, poison: set) -> dict:
    """The figures of one scenario: `campus.bench.deadline_load.Tally` for the requests,
    `campus.bench.workload.Counts` for the events; ``dead_lettered`` leaves out the ``poison``
    events injected on purpose, and ``sound`` says whether nothing was late, unanswered or lost."""
    dead = counts.dead_letter_ids
    sound = (
        tally.late == tally.unanswered == 0
        and counts.lost == 0
        and counts.certificates == counts.issued
        and dead == poison
    )
    return {
        "scenario": name,
        "requests": tally.requests,
        "in_time": tally.in_time,
        "late": tally.late,
        "unanswered": tally.unanswered,
        "statuses": {str(status): n for status, n in sorted(tally.statuses.items())},
        "retry_after": tally.retry_after,
        "issued": counts.issued,
        "published": counts.published,
        "delivered": counts.applied_ids,
        "dead_lettered": len(dead - poison),
        "certificates": counts.certificates,
        "lost": counts.lost,
        "sound": sound,
    }


def statuses_text(statuses: dict) -> str:
    """``200:412 503:9``: each status with its count."""
    return " ".join(f"{status}:{n}" for status, n in statuses.items())


def row_text(row: dict) -> str:
    """The row as `campus.bench.stalls` prints it under `HEADER`, with its verdict."""
    return (
        f"{row['scenario']:30}{row['requests']:>6}{row['in_time']:>8}{row['late']:>6}"
        f"{row['unanswered']:>6}  {statuses_text(row['statuses']):26}{row['issued']:>7}"
        f"{row['published']:>6}{row['delivered']:>6}{row['dead_lettered']:>6}"
        f"{row['certificates']:>6}{row['lost']:>5}  {'ok' if row['sound'] else 'FAILED'}"
    )


def recording_write(out: Path, about: dict, rows: list[dict]) -> Path:
    """Write ``{"about": ..., "rows": [...]}`` to ``out/stalls.json``; returns its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / RECORDING
    path.write_text(json.dumps({"about": about, "rows": rows}, indent=2) + "\n")
    return path
