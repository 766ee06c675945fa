"""A request handed back while the server is busy answering it."""

import time
from types import SimpleNamespace

import pytest
import requests

from campus.journey import DEMO_COURSE
from campus.notebook.background import sent_while_busy


def test_the_request_is_in_flight_when_handed_back_and_survives_a_stop(microservices, http):
    microservices.slow_down("catalog", 0.3)
    catalog = microservices.apps["catalog"]
    url = microservices.url("catalog") + f"/courses/{DEMO_COURSE}"
    request = sent_while_busy(catalog, requests.get, url, auth=http.auth, timeout=5)
    assert not request.done()
    assert catalog.wait_idle(0) is False  # the catalog is answering it
    microservices.stop()
    assert request.result().status_code == 200


def test_a_request_never_seen_in_flight_is_a_timeout():
    never_busy = SimpleNamespace(wait_idle=lambda timeout: True)
    with pytest.raises(TimeoutError, match=r"0\.05 s"):
        sent_while_busy(never_busy, time.sleep, 0.5, wait_s=0.05)
