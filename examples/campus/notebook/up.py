"""What a notebook needs around ``campus up`` that is not the lesson: a start that waits as long
as a busy machine needs, an HTTP session for 127.0.0.1, a log file, the memory of each process,
a consumer group that has caught up, the lines of the log, what is still running, a service
paused.

    >>> http = local_session()                                         # doctest: +SKIP
    >>> with campus_up("microservices", log_path=log_file()) as up:    # doctest: +SKIP
    ...     rows = processes_show(up)
"""

import atexit
import contextlib
from collections.abc import Iterable, Iterator

import psutil
import requests

from campus.http import session_make
from campus.process.control import Up
from campus.process.event_worker_types import worker_types
from campus.process.suspend import suspended
from campus.tables import table_format
from campus.waits import wait_until

from .scratch import scratch_file

__all__ = [
    "NO_EVENT_WORKERS",
    "START_TIMEOUT_S",
    "campus_up",
    "group_caught_up",
    "launched",
    "local_session",
    "log_file",
    "log_lines",
    "paused",
    "processes_show",
    "still_running",
]

MIB = 2**20
# Seconds to wait for campus up's URLs: it migrates every database and starts some fifteen
# processes, which takes a minute on two busy cores.
START_TIMEOUT_S = 180.0
# ``Up(scale=NO_EVENT_WORKERS)``: the web processes alone (``campus up --scale
# enrollments-relay=0`` and so on), for a notebook whose requests need no events.
NO_EVENT_WORKERS = {name: 0 for name in worker_types()}


@contextlib.contextmanager
def campus_up(arch: str | Up = "microservices", **options) -> Iterator[Up]:
    """``campus up --arch ARCH`` for the length of a ``with`` block (`Up`, with ``options``),
    waiting up to `START_TIMEOUT_S` for its web processes to answer (its event workers start
    meanwhile); stopped on the way out. ``arch`` may be an `Up` already launched (`launched`):
    the block waits for that one."""
    up = arch if isinstance(arch, Up) else Up(arch, **options)
    up.start(timeout=START_TIMEOUT_S, workers=False)
    try:
        yield up
    finally:
        up.stop()


def launched(arch: str, **options) -> Up:
    """``campus up --arch ARCH`` started now, not waited for: it boots while the cell goes on;
    ``with campus_up(it)`` waits for it, uses it and stops it.

    >>> monolith = launched("monolith")          # doctest: +SKIP
    >>> with campus_up(monolith) as up:          # doctest: +SKIP
    ...     ...
    """
    up = Up(arch, **options).launch()
    atexit.register(up.stop)  # stopped with the kernel, should no cell wait for it
    return up


def local_session() -> requests.Session:
    """A ``requests`` session that ignores proxy settings from the environment: every server
    ``campus up`` starts listens on 127.0.0.1."""
    return session_make()


def log_file() -> str:
    """A new file for ``campus up``'s logs (``Up(log_path=...)``), removed when Python exits."""
    return str(scratch_file("campus-up-", ".log"))


def processes_show(up) -> list[tuple]:
    """Print, then return, one row per process: each service's gunicorn master and its workers
    (``up.servers()``), then the event workers (``up.event_workers()``), with the pid, the RSS
    and the USS in MiB as psutil reads them (``memory_full_info``)."""
    rows = []
    for name, master in sorted(up.servers().items()):
        for role, process in [("master", master), *(("worker", w) for w in master.children())]:
            rows.append((name, role, *_memory(process)))
    for name, process in sorted(up.event_workers().items()):
        rows.append((name, "event worker", *_memory(process)))
    print(table_format(["process", "role", "pid", "RSS MiB", "USS MiB"], rows))
    return rows


def _memory(process: psutil.Process) -> tuple[int, float, float]:
    memory = process.memory_full_info()
    return process.pid, memory.rss / MIB, memory.uss / MIB


def group_caught_up(broker, stream: str, group: str, timeout: float = 5.0) -> dict:
    """The consumer group's entry in ``XINFO GROUPS stream`` once it has nothing pending (every
    entry it read is acknowledged), or as it stands after ``timeout`` seconds."""
    states = []

    def caught_up() -> bool:
        found = {g["name"]: g for g in broker.xinfo_groups(stream)}
        states.append(found.get(group) or found[group.encode()])
        return states[-1]["pending"] == 0

    with contextlib.suppress(TimeoutError):
        wait_until(caught_up, timeout=timeout, interval=0.02, what=f"group {group} to catch up")
    return states[-1]


def log_lines(up, text: str) -> list[str]:
    """The lines of ``campus up``'s log that contain ``text``, stripped."""
    return [line.strip() for line in up.log().splitlines() if text in line]


def still_running(processes: Iterable[psutil.Process]) -> list[int]:
    """The pids among ``processes`` that still run (a zombie, dead but not yet reaped by its
    parent, does not count)."""
    left = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                left.append(process.pid)
        except psutil.NoSuchProcess:
            continue
    return left


@contextlib.contextmanager
def paused(up, name: str) -> Iterator[None]:
    """Pause the gunicorn master and workers that serve ``name`` (``SIGSTOP``, as a process
    stuck on a lock or swapped out would be), and let them go on (``SIGCONT``) on the way out."""
    master = up.servers()[name]
    with suspended([master, *master.children()]):
        yield
