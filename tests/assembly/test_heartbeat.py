"""A worker's liveness probe passes while its heartbeat is fresh, and fails when it is stale or
missing."""

import os
import tempfile
import time

import pytest

from campus.assembly.heartbeat import MAX_AGE_S, Heartbeat, heartbeat_path, main


@pytest.fixture(autouse=True)
def own_temporary_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def test_a_worker_that_beat_lately_is_alive():
    Heartbeat(heartbeat_path("relay", "enrollments")).beat()
    assert main(["relay", "enrollments"]) == 0


def test_a_heartbeat_older_than_its_limit_or_none_at_all_fails_the_probe(capsys):
    assert main(["consume", "credentials"]) == 1
    assert "no heartbeat yet" in capsys.readouterr().err
    path = heartbeat_path("consume", "credentials")
    Heartbeat(path).beat()
    stale = time.time() - MAX_AGE_S - 5
    os.utime(path, (stale, stale))
    assert main(["consume", "credentials"]) == 1
    assert "last heartbeat" in capsys.readouterr().err


def test_beating_a_call_beats_first_and_at_most_once_a_second():
    path = heartbeat_path("worker", "enrollments")
    calls = Heartbeat(path).beating(lambda n: n + 1)
    assert calls(1) == 2
    first = os.path.getmtime(path)
    os.utime(path, (first - 60, first - 60))
    calls(2)  # within the second: no second write
    assert os.path.getmtime(path) == first - 60
