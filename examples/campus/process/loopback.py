"""Ports on 127.0.0.1 for the processes `campus up` starts: every server binds loopback only.

A port found free can be taken before the server binds it: gunicorn binds its port seconds
after `campus up` chose it. So a port is handed out reserved, and two ways guard it:

- It lies below the kernel's ephemeral range, where binds to port 0 and outgoing connections
  never get a port: no other process lands on it by chance.
- Whoever hands it out holds a lock named after it, an abstract Unix socket (Linux), until
  `release` or until it exits: another caller of `free_port`, in any process, skips it. The
  kernel frees such a name when the last descriptor on it closes, so a process that dies
  leaves no stale lock behind (a lock file would stay), and nothing on disk needs cleaning.

A port with a listener, or one bound by anyone else, fails the bind check and is skipped too.

    >>> port = free_port()                       # doctest: +SKIP
    >>> base = free_ports(5)                     # doctest: +SKIP
    >>> release(port, *range(base, base + 5))    # doctest: +SKIP
"""

import atexit
import random
import socket
import threading
from pathlib import Path

__all__ = ["free_port", "free_ports", "release"]

LOWEST = 10_000  # below it, ports that people and tools use by name (8000, 5432, 6379)
TRIES = 200

_held: dict[int, socket.socket] = {}  # port -> the lock that reserves it for this process
_held_lock = threading.Lock()


def free_port() -> int:
    """A TCP port on 127.0.0.1, free and reserved for this process (see the module)."""
    return free_ports(1)


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive ports, each free and reserved as `free_port`'s."""
    top = _ephemeral_start() - count
    for _ in range(TRIES):
        base = random.randrange(LOWEST, top)
        locks = []
        for port in range(base, base + count):
            lock = _lock(port)
            if lock is None:
                break
            locks.append(lock)
        else:
            with _held_lock:
                _held.update(zip(range(base, base + count), locks, strict=True))
            return base
        for lock in locks:
            lock.close()
    raise OSError(f"no run of {count} free ports on 127.0.0.1 in {TRIES} tries")


def release(*ports: int) -> None:
    """Let other callers have ``ports`` again (once their servers have stopped)."""
    with _held_lock:
        for port in ports:
            lock = _held.pop(port, None)
            if lock is not None:
                lock.close()


@atexit.register
def _release_all() -> None:
    release(*list(_held))  # the kernel would too: closed here, no socket is left unclosed


def _lock(port: int) -> socket.socket | None:
    """The lock on ``port`` if no one holds it and the port can be bound now, else None."""
    lock = socket.socket(socket.AF_UNIX)
    try:
        lock.bind(f"\0campus-port-{port}")  # taken if another caller holds it
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))  # taken by a server, ours or anyone's
    except OSError:
        lock.close()
        return None
    return lock


def _ephemeral_start() -> int:
    """The first port the kernel hands out for a bind to port 0 (32768 on Linux by default)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768
