"""The four faults on the worker processes over SQLite lose nothing and apply nothing twice."""

import pytest

from .faults_table import faults_run, nothing_lost_and_nothing_twice

N = 40

pytestmark = pytest.mark.slow


def test_every_fault_ends_with_one_certificate_per_completion_and_the_figures_are_printed():
    code, rows, printed = faults_run("campus.bench.events", "--completions", str(N), timeout=300)
    assert code == 0, printed
    assert sorted(rows) == ["a", "b", "c", "d"], printed
    for letter, row in rows.items():
        assert nothing_lost_and_nothing_twice(row, N), (letter, printed)
    assert "events/s; lost 0" in printed
    assert "p99" in printed
