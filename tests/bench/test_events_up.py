"""The four faults against ``campus up`` on PostgreSQL lose nothing and apply nothing twice."""

import pytest

from .faults_table import faults_run, nothing_lost_and_nothing_twice

N = 40

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("campus_up_slot")]


@pytest.mark.parametrize("letter", ["a", "b", "c", "d"])
def test_every_fault_under_campus_up_ends_with_one_certificate_per_completion(letter):
    # Its own PostgreSQL, Redis and campus up, started and stopped by the script: a process of
    # its own, since this one's Django already runs the in-process runtime. One fault a run, so
    # the four can run side by side on separate workers.
    code, rows, printed = faults_run(
        "campus.bench.events_up",
        *("--completions", str(N), "--faults", letter, "--no-figures"),
        timeout=400,
    )
    assert code == 0, printed
    assert sorted(rows) == [letter], printed
    assert nothing_lost_and_nothing_twice(rows[letter], N), printed
