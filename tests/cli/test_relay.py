"""``campus relay`` refuses a REDIS_URL it cannot use in one line."""

import pytest

from .command import campus_refused


@pytest.mark.parametrize("url", ["nonsense", "http://127.0.0.1/", "redis://[::1"])
def test_a_redis_url_that_is_not_one_stops_the_relay_with_one_line(url):
    done = campus_refused(["relay", "enrollments"], REDIS_URL=url)
    assert done.returncode == 2
    assert (done.stderr.count("\n"), "REDIS_URL" in done.stderr) == (1, True), done.stderr
