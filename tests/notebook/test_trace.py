"""The hops of one request, as a table."""

from campus.notebook.trace import hops_show
from campus.tracing import Hop


def _hop(callee: str, outcome: str = "ok", attempt: int = 1) -> Hop:
    status = 200 if outcome == "ok" else None
    return Hop("dashboard", callee, "GET", "/x", status, 1.5, outcome, attempt, "rid")


def test_each_hop_is_a_numbered_row_and_the_hops_come_back(capsys):
    hops = [_hop("catalog", "timeout"), _hop("catalog", "timeout", attempt=2)]
    assert hops_show(hops) is hops
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "#",
        "caller",
        "callee",
        "request",
        "status",
        "outcome",
        "attempt",
        "ms",
    ]
    assert lines[3].split() == [
        "2",
        "dashboard",
        "catalog",
        "GET",
        "/x",
        "-",
        "timeout",
        "2",
        "1.50",
    ]
