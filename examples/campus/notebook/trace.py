"""The hops one request caused, as a table: who called whom, what came back, on which attempt,
in how many milliseconds (`campus.tracing.Hop`, as ``platform.trace.hops()`` lists them).

    >>> hops = hops_show(platform.trace.hops(request_id=request_id))   # doctest: +SKIP
    #  caller     callee       request            status  outcome  attempt    ms
    -  ---------  -----------  -----------------  ------  -------  -------  ----
    1  dashboard  enrollments  GET /enrollments      200  ok             1  4.12
"""

from collections.abc import Sequence

from campus.tables import table_format
from campus.tracing import Hop

__all__ = ["hops_show"]

COLUMNS = ["#", "caller", "callee", "request", "status", "outcome", "attempt", "ms"]


def hops_show(hops: Sequence[Hop]) -> Sequence[Hop]:
    """Print one row per hop, oldest first, and return the hops."""
    rows = [
        (n, h.caller, h.callee, f"{h.method} {h.path}", h.status, h.outcome, h.attempt, h.ms)
        for n, h in enumerate(hops, start=1)
    ]
    print(table_format(COLUMNS, rows))
    return hops
