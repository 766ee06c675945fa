"""The four faults against ``campus up`` on PostgreSQL lose nothing and apply nothing twice."""

from .faults_table import faults_run, nothing_lost_and_nothing_twice

N = 40


def test_every_fault_under_campus_up_ends_with_one_certificate_per_completion():
    # Its own PostgreSQL, Redis and campus up, started and stopped by the script: a process of
    # its own, since this one's Django already runs the in-process runtime.
    code, rows, printed = faults_run(
        "campus.bench.events_up", "--completions", str(N), "--no-figures", timeout=400
    )
    assert code == 0, printed
    assert sorted(rows) == ["a", "b", "c", "d"], printed
    for letter, row in rows.items():
        assert nothing_lost_and_nothing_twice(row, N), (letter, printed)
