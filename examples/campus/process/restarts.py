"""honcho's process manager with a restart policy for ``campus up``'s processes.

No process of ``campus up`` keeps state of its own: the data is in PostgreSQL, the outbox rows
there too, the stream entries and the consumer group's pending list in Redis, and Redis keeps
an append-only file. So once the platform is up (``armed``), a process that dies is started again
after a back-off, as Kubernetes does for a Deployment's container (``restartPolicy: Always``,
with a back-off that doubles after each crash and is forgotten once the container has run for a
while), and the others run on meanwhile. Before that, a process that exits failed to start
(a bad variable, a port taken): starting it again would fail again, so everything stops, as
honcho does, and the process is named.

    >>> manager = RestartingManager(printer, restartable={"credentials-consumer"})  # doctest: +SKIP
    >>> manager.loop()                                                          # doctest: +SKIP

Restarts are told in the log (``credentials-consumer exited (rc=-9): restarting in 0.5 s``);
``fatal`` is ``(name, returncode)`` of the first process that stopped the others, if one did.
"""

import ctypes
import multiprocessing
import signal
import sys
import time

from honcho.manager import Manager

__all__ = ["BACKOFF_FIRST_S", "BACKOFF_MAX_S", "HEALTHY_AFTER_S", "RestartingManager"]

BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 8.0
HEALTHY_AFTER_S = 30.0  # a worker that ran this long starts again from the first back-off


class RestartingManager(Manager):
    """A `honcho.manager.Manager` that restarts the processes named in ``restartable``.

    It hooks honcho 2's loop at ``_any_stopped`` (asked after every event, to decide whether to
    stop everyone): once ``armed``, a restartable process that stopped on its own is started
    again when its back-off has passed, and is not counted as stopped.
    """

    def __init__(self, printer=None, *, restartable: set[str]):
        super().__init__(printer)
        self.restartable = set(restartable)
        self.armed = False  # set once every process is up: from then on, restarts
        self.fatal: tuple[str, int] | None = None
        self.restarts: dict[str, int] = {}
        self._due: dict[str, float] = {}  # name -> monotonic time of its restart
        self._started_at: dict[str, float] = {}
        self._streak: dict[str, int] = {}  # crashes in a row, for the back-off

    def _start(self):
        for name, entry in self._processes.items():
            entry["process"] = _runner(name, entry["obj"], self.events)
            entry["process"].start()

    def add_process(self, name, cmd, quiet=False, env=None, cwd=None):
        self._started_at[name] = time.monotonic()
        return super().add_process(name, cmd, quiet=quiet, env=env, cwd=cwd)

    def _any_stopped(self) -> bool:
        stopped = False
        for name, entry in self._processes.items():
            rc = entry.get("returncode")
            if rc is None:
                continue
            if name not in self.restartable or self._terminating or not self.armed:
                if self.fatal is None and not self._terminating:
                    self.fatal = (name, rc)
                stopped = True
            elif name not in self._due:
                self._schedule(name, rc)
            elif time.monotonic() >= self._due[name]:
                self._restart(name, entry)
        return stopped

    def _schedule(self, name: str, rc: int) -> None:
        ran_s = time.monotonic() - self._started_at[name]
        streak = 1 if ran_s >= HEALTHY_AFTER_S else self._streak.get(name, 0) + 1
        self._streak[name] = streak
        delay = min(BACKOFF_FIRST_S * 2 ** (streak - 1), BACKOFF_MAX_S)
        self._due[name] = time.monotonic() + delay
        if self.returncode == rc:
            # honcho keeps the first return code as its own; a restarted worker's is not.
            self.returncode = None
        self._system_print(f"{name} exited (rc={rc}): restarting in {delay:.1f} s\n")

    def _restart(self, name: str, entry: dict) -> None:
        del self._due[name]
        entry["process"].join(timeout=0)  # honcho's runner for the old child has ended
        # The old pid stays until the new child's "start" event: a stop signalled in between
        # goes to a finished process group (ignored), and honcho's kill after KILL_WAIT reaches
        # the new one.
        del entry["returncode"]
        entry["process"] = _runner(name, entry["obj"], self.events)
        entry["process"].start()
        self.restarts[name] = self.restarts.get(name, 0) + 1
        self._started_at[name] = time.monotonic()


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _runner(name: str, process, events) -> multiprocessing.Process:
    """honcho's runner of one process (it starts the command and reports on it), as honcho makes
    it, except that it dies with ``campus up``: killed with SIGKILL, ``campus up`` could not stop
    its runners, and they kept every process running. The commands die with their runner in turn
    (``setpriv --pdeathsig``, see `dies_with_parent`)."""
    return multiprocessing.Process(name=name, target=_run, args=(process, events))


def _run(process, events) -> None:
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    process.run(events, True)


def dies_with_parent(command: list[str], signame: str = "TERM") -> list[str]:
    """``command`` run so that it gets ``SIG<signame>`` when its parent dies (util-linux's
    ``setpriv --pdeathsig``); as it is where there is no setpriv."""
    import shutil

    if sys.platform != "linux" or shutil.which("setpriv") is None:
        return command
    return ["setpriv", f"--pdeathsig={signame}", "--", *command]
