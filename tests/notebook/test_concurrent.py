"""Requests sent at once: every one is in flight before any is answered, and the answers keep
the order of the bodies."""

import threading
from types import SimpleNamespace

from campus.notebook.concurrent import posted_at_once


class AllInFlight:
    """A session that answers no POST until every one of ``count`` has arrived."""

    def __init__(self, count: int):
        self.barrier = threading.Barrier(count, timeout=5)

    def post(self, url, json):
        self.barrier.wait()  # raises BrokenBarrierError if they came one after the other
        return SimpleNamespace(status_code=200 + json["n"])


def test_every_request_is_in_flight_at_once_and_the_statuses_keep_the_bodies_order():
    bodies = [{"n": n} for n in range(8)]
    assert posted_at_once(AllInFlight(8), "http://127.0.0.1:1/x", bodies) == list(range(200, 208))
