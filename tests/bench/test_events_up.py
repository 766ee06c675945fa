"""The four faults against ``campus up`` on PostgreSQL lose nothing and apply nothing twice."""

import pytest
from up_slots import up_slot

from .faults_table import faults_run, nothing_lost_and_nothing_twice

N = 40

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def faults(up_slots_folder):
    # One run of the script for the four: one PostgreSQL cluster, migrated by the first
    # scenario's campus up, and one Redis; each scenario still has a campus up of its own, on
    # emptied tables and streams. A process of its own: this one's Django runs the in-process
    # runtime.
    with up_slot(up_slots_folder):
        return faults_run(
            "campus.bench.events_up",
            *("--completions", str(N), "--faults", "abcd", "--no-figures"),
            timeout=900,
        )


@pytest.mark.parametrize("letter", ["a", "b", "c", "d"])
def test_every_fault_under_campus_up_ends_with_one_certificate_per_completion(faults, letter):
    code, rows, printed = faults
    assert code == 0, printed
    assert sorted(rows) == ["a", "b", "c", "d"], printed
    assert nothing_lost_and_nothing_twice(rows[letter], N), printed
