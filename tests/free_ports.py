"""Free ports on 127.0.0.1 for tests that must name their ports (``--port BASE``)."""

import socket

import pytest

__all__ = ["free_port_run"]


def free_port_run(count: int) -> int:
    """A base port such that ``count`` ports from it were free a moment ago on 127.0.0.1."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65536:
            continue
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
