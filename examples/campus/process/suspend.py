"""Processes stopped for a while and let go on: a stall, a failover or a process stuck on a lock
as the benches, the notebooks and the tests play it.

    >>> with suspended([master, *master.children()]):       # doctest: +SKIP
    ...     time.sleep(30)
"""

import contextlib
import signal

__all__ = ["suspended"]


@contextlib.contextmanager
def suspended(processes: list):
    """Each of ``processes`` (psutil) stopped (``SIGSTOP``) for the block, then let go on
    (``SIGCONT``): their sockets stay open, their kernel acknowledges, and nothing answers."""
    for process in processes:
        process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        for process in processes:
            process.send_signal(signal.SIGCONT)
