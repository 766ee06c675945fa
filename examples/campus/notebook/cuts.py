"""The calls of the learner journey under three splits, beside the hops a real run traced.

    >>> rows = splits_show(per_step)                                   # doctest: +SKIP

``per_step`` is what `campus.notebook.journeys.step_hops_show` returned: per step, its name and
the hops it caused on the monolith and on the microservices.
"""

from collections.abc import Sequence

from campus.cuts import MONOLITH, PER_NOUN, TODAY, journey_calls
from campus.tables import table_format

__all__ = ["splits_show"]


def splits_show(per_step: Sequence[tuple]) -> list[tuple]:
    """Print, then return, one row per step: the calls the model counts on the monolith, on
    today's services and with one service per noun, the hops the run traced on today's
    services, and whom a noun-shaped split would call. A last row sums each column."""
    monolith, today, per_noun = (journey_calls(s) for s in (MONOLITH, TODAY, PER_NOUN))
    rows = [
        (
            name,
            len(monolith[name]),
            len(today[name]),
            traced,
            len(per_noun[name]),
            _who(per_noun[name]),
        )
        for name, _, traced, *_ in per_step
    ]
    rows.append(("journey", *(sum(row[i] for row in rows) for i in range(1, 5)), ""))
    headers = ["step", "monolith", "today", "today, traced", "per noun", "per noun calls"]
    print(table_format(headers, rows))
    return rows


def _who(callees: tuple[str, ...]) -> str:
    return ", ".join(callees) or "-"
