"""A stalled Redis under ``campus up``: every request is answered in time, every completion gets
its certificate, and the row the script prints says so."""

import re
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("campus_up_slot")]

N = 20
OPTIONS = ["--stall", "3", "--completions", str(N), "--faults", "f"]  # Redis stopped 3 s
ROW = re.compile(
    r"^\((?P<letter>[efg])\) .+?\s+(?P<requests>\d+)\s+(?P<in_time>\d+)\s+(?P<late>\d+)"
    r"\s+(?P<none>\d+)\s+(?P<statuses>(?:\S+:\d+ ?)+)\s+(?P<issued>\d+)\s+(?P<published>\d+)"
    r"\s+(?P<delivered>\d+)\s+(?P<dead>\d+)\s+(?P<certs>\d+)\s+(?P<lost>\d+)\s+(?P<verdict>\w+)$"
)


def test_a_stalled_redis_costs_no_request_its_deadline_and_no_completion_its_certificate():
    # A process of its own: its Django runs against the script's own PostgreSQL.
    done = subprocess.run(
        [sys.executable, "-m", "campus.bench.stalls", *OPTIONS],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    printed = done.stdout + done.stderr
    rows = [m.groupdict() for m in map(ROW.match, done.stdout.splitlines()) if m]
    assert done.returncode == 0, printed
    [row] = rows
    assert int(row["requests"]) == int(row["in_time"]) > 0, printed
    assert int(row["late"]) == int(row["none"]) == 0
    assert int(row["issued"]) == int(row["published"]) == int(row["delivered"]) == N
    assert int(row["certs"]) == N
    assert int(row["dead"]) == int(row["lost"]) == 0
    assert row["verdict"] == "ok"
