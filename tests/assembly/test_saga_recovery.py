"""The enrollment saga's recovery pass as enrollments' relay runs it: at most every few seconds,
never stopping the relay, with the ports enrollments' web process has."""

import logging

import pytest
from seat_runs import consistent, enrollments_of, limited_run, saga_crashed, seats_held

from campus.assembly.config import url_variable
from campus.assembly.saga_recovery import RecoveryPass, recovery_build, recovery_pass
from campus.registry import IDENTITY


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_pass_runs_at_once_then_only_once_its_interval_has_passed():
    clock, runs = Clock(), []
    recovery = RecoveryPass(lambda: runs.append(clock.now) or [], every_s=5.0, clock=clock)
    for step in (0.0, 1.0, 3.5, 0.5, 4.0):
        clock.now += step
        recovery(0)
    assert runs == [100.0, 105.0]
    assert recovery.passes == 2


def test_a_failing_pass_is_logged_and_the_relay_goes_on(caplog):
    def broken():
        raise RuntimeError("catalog down")

    recovery = RecoveryPass(broken, every_s=5.0, clock=Clock())
    with caplog.at_level(logging.WARNING, logger="campus.assembly.saga_recovery"):
        recovery(0)
    assert "catalog down" in caplog.text
    assert recovery.passes == 1


def test_only_enrollments_has_a_recovery():
    assert recovery_pass("catalog", environ={}) is None
    assert recovery_pass("credentials", environ={}) is None


def test_the_relay_s_recovery_finishes_a_saga_whose_orchestrator_crashed(microservices):
    """The pass reaches the catalog as enrollments' web process does: by the URLs of its
    environment, with enrollments' own token."""
    limited_run(microservices, seats=1)
    environ = {
        url_variable("catalog"): microservices.url("catalog"),
        url_variable(IDENTITY): microservices.url(IDENTITY),
        "CAMPUS_SAGA_STALE_AFTER": "0",
    }
    with enrollments_of(microservices) as ports:
        saga_crashed(ports, after="reserve_seat")
        assert seats_held(microservices)["unfinished"] == 1
        [ended] = recovery_build("enrollments", environ=environ)()
    assert ended.status == "active"
    held = seats_held(microservices)
    assert (held["enrolled"], held["unfinished"]) == (1, 0), held
    assert consistent(held), held


@pytest.mark.parametrize("stale", ["-1", "soon"])
def test_a_stale_time_that_is_no_number_of_seconds_is_refused(stale):
    with pytest.raises(ValueError, match="CAMPUS_SAGA_STALE_AFTER"):
        recovery_build("enrollments", environ={"CAMPUS_SAGA_STALE_AFTER": stale})
