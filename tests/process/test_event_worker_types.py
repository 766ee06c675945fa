"""The event workers `campus up` runs, and how many of each its ``--scale`` accepts."""

import pytest

from campus.process.event_worker_types import scale_check, worker_types

WEB = ["catalog", "enrollments"]


def test_a_worker_scaled_to_0_is_left_out_and_the_others_keep_their_order():
    every = list(worker_types())
    assert list(worker_types({"enrollments-relay": 0, "catalog": 3})) == [
        name for name in every if name != "enrollments-relay"
    ]
    assert list(worker_types({"enrollments-relay": 1})) == every


@pytest.mark.parametrize(
    "scale", [{}, {"catalog": 4}, {"enrollments-relay": 0}, {"credentials-consumer": 1}]
)
def test_web_workers_from_1_and_event_workers_0_or_1_are_accepted(scale):
    scale_check(WEB, 1, scale)


@pytest.mark.parametrize(
    ("workers", "scale", "said"),
    [
        (1, {"enrollments-relay": 2}, "enrollments-relay runs as one process or none, not 2"),
        (1, {"credentials-consumer": -1}, "runs as one process or none, not -1"),
        (1, {"catalog": 0}, "workers must be at least 1"),
        (0, {}, "workers must be at least 1"),
        (1, {"dashboard": 2}, "'dashboard' is not one of catalog, enrollments, catalog-relay"),
    ],
)
def test_what_campus_up_cannot_run_is_refused_naming_it(workers, scale, said):
    with pytest.raises(ValueError, match=said):
        scale_check(WEB, workers, scale)
