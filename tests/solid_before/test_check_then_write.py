import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from seat_runs import LIMITED, limited_run, seats_held

from campus.assembly.databases import database_scope
from campus.assembly.service_events import monolith_scope
from campus.enrollments.services import CourseFull
from campus.solid_before.check_then_write import enroll_check_then_write

LEARNERS = [f"learner{n}" for n in range(8)]


def test_concurrent_check_then_write_requests_oversubscribe_a_limited_run(on_the_monolith):
    limited_run(on_the_monolith, seats=3)
    barrier = threading.Barrier(len(LEARNERS))  # every request reads before any writes

    def enroll(learner):
        with database_scope(monolith_scope()):
            try:
                enroll_check_then_write(
                    learner=learner, course_key=LIMITED, between=lambda: barrier.wait(30)
                )
            finally:
                connections.close_all()

    with ThreadPoolExecutor(len(LEARNERS)) as pool:
        list(pool.map(enroll, LEARNERS))
    held = seats_held(on_the_monolith)
    assert held["enrolled"] == len(LEARNERS)  # eight learners in three seats
    assert held["taken"] == 1  # and the count lost every update but one


def test_alone_it_stops_at_the_limit(on_the_monolith):
    limited_run(on_the_monolith, seats=1)
    enroll_check_then_write(learner="ada", course_key=LIMITED)
    with pytest.raises(CourseFull):
        enroll_check_then_write(learner="grace", course_key=LIMITED)
    assert seats_held(on_the_monolith)["enrolled"] == 1
