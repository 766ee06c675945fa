"""Ports handed out reserved: no two callers get the same one, in one process or across several,
and none lands where the kernel hands out ports itself."""

import json
import socket
import subprocess
import sys

import pytest

from campus.process.loopback import _ephemeral_start, free_port, free_ports, release

PICKER = """
import json, sys
from campus.process.loopback import free_port
print(json.dumps([free_port() for _ in range(500)]), flush=True)
sys.stdin.read()  # holds its ports until the test has compared them
"""


def test_two_processes_picking_at_once_never_get_the_same_port():
    # 500 ports each out of about 22,000: without the reservation about 11 would collide.
    pickers = [
        subprocess.Popen(
            [sys.executable, "-c", PICKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        for _ in range(2)
    ]
    try:
        first, second = (set(json.loads(p.stdout.readline())) for p in pickers)
    finally:
        for picker in pickers:
            picker.communicate(timeout=30)
    assert len(first) == len(second) == 500
    assert first.isdisjoint(second)
    assert max(first | second) < _ephemeral_start()


def test_a_run_of_ports_is_free_and_reserved_until_released():
    base = free_ports(5)
    with socket.socket() as server:
        server.bind(("127.0.0.1", base + 4))  # each port of the run can be bound
    assert free_port() not in range(base, base + 5)
    with socket.socket(socket.AF_UNIX) as other, pytest.raises(OSError, match="in use"):
        other.bind(f"\0campus-port-{base}")  # as another caller would try to reserve it
    release(*range(base, base + 5))
    with socket.socket(socket.AF_UNIX) as again:
        again.bind(f"\0campus-port-{base}")  # released: another caller may reserve it now
