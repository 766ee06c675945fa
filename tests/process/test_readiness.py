"""Readiness of campus up: what is still not ready once the time is up."""

from campus.process.loopback import free_port
from campus.process.readiness import unhealthy, workers_idle


def test_a_process_whose_health_does_not_answer_is_named_once_the_time_is_up():
    closed = f"http://127.0.0.1:{free_port()}"
    assert unhealthy({"catalog": closed}, timeout=0.1) == ["catalog"]


def test_with_nothing_to_wait_for_nothing_is_unhealthy():
    assert unhealthy({}, timeout=0.1) == []


def test_a_redis_that_does_not_answer_is_what_the_workers_wait_for():
    [waiting] = workers_idle(f"redis://127.0.0.1:{free_port()}/0", timeout=0.1)
    assert waiting.startswith("Redis (")
