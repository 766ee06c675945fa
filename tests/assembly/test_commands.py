"""``saga_recover``: the enrollment saga's recovery pass as an admin process, run as
enrollments."""

import pytest
from django.core.management import CommandError, call_command
from seat_runs import LIMITED, consistent, enrollments_of, limited_run, saga_crashed, seats_held

from campus.assembly.config import url_variable
from campus.assembly.databases import DatabaseScope, database_scope
from campus.registry import IDENTITY


@pytest.fixture
def neighbours(microservices, monkeypatch):
    """The environment enrollments runs with: where the catalog and the identity are."""
    for name in ("catalog", IDENTITY):
        monkeypatch.setenv(url_variable(name), microservices.url(name))
    return microservices


def test_the_command_finishes_a_saga_whose_orchestrator_crashed(neighbours, capsys):
    limited_run(neighbours, seats=1)
    with enrollments_of(neighbours) as ports:
        saga_crashed(ports, after="reserve_seat")
        call_command("saga_recover", "--stale-after", "0")
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "1 saga(s) taken over"
    assert out[0].endswith(f"ada in {LIMITED}: active")
    held = seats_held(neighbours)
    assert (held["enrolled"], held["unfinished"]) == (1, 0), held
    assert consistent(held), held


def test_a_saga_that_moved_lately_is_left_to_its_orchestrator(neighbours, capsys):
    limited_run(neighbours, seats=1)
    with enrollments_of(neighbours) as ports:
        saga_crashed(ports, after="reserve_seat")
        call_command("saga_recover", "--stale-after", "3600")
    assert capsys.readouterr().out == "0 saga(s) taken over\n"
    assert seats_held(neighbours)["unfinished"] == 1


@pytest.mark.parametrize("stale", ["-1", "nan", "inf"])
def test_a_stale_time_that_is_no_number_of_seconds_is_refused(neighbours, stale):
    with enrollments_of(neighbours), pytest.raises(CommandError, match="--stale-after"):
        call_command("saga_recover", "--stale-after", stale)


@pytest.mark.usefixtures("microservices")
def test_outside_enrollments_the_command_says_how_to_run_it():
    with (
        database_scope(DatabaseScope("catalog", {"catalog": "catalog"})),
        pytest.raises(CommandError, match="campus manage --service enrollments saga_recover"),
    ):
        call_command("saga_recover")
