"""Free ports on 127.0.0.1 for tests that must name their ports (``--port BASE``).

A run found free can be taken before the test binds it. So runs come from below the kernel's
ephemeral range, where the ports that `campus up`, the throwaway servers and every outgoing
connection get (bind to port 0) never land, and each pytest-xdist worker picks from a slice
of that range of its own: two workers never offer the same port.
"""

import os
import random
import socket
from pathlib import Path

import pytest

__all__ = ["free_port_run"]

LOWEST = 10_000  # below this, ports that people and tools use by name (8000, 5432, 6379)
SLICES = 16  # room for this many workers


def _ephemeral_start() -> int:
    """The first port the kernel hands out for a bind to port 0 (32768 on Linux by default)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _worker_slice() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")  # gw0, gw1, ...; unset without xdist
    width = (_ephemeral_start() - LOWEST) // SLICES
    start = LOWEST + (int(worker.removeprefix("gw")) % SLICES) * width
    return range(start, start + width)


def free_port_run(count: int) -> int:
    """A base port such that ``count`` ports from it were free a moment ago on 127.0.0.1."""
    ports = _worker_slice()
    for _ in range(50):
        base = random.randrange(ports.start, ports.stop - count)
        held = []
        try:
            for port in range(base, base + count):
                held.append(socket.socket())
                held[-1].bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in held:
                sock.close()
    pytest.fail("no run of free ports found")
