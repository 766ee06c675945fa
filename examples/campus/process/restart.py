"""``python -m campus.process.restart --name NAME --ready-file FILE -- COMMAND...``: run
``COMMAND``, and start it again when it exits on its own once ``FILE`` exists. With
``--start-after FIRST``, start it only once ``FIRST`` exists: ``campus up`` starts its event
workers once its web processes answer, so that they do not share the cores with them meanwhile.

``campus up`` runs each of its processes under this wrapper, added to honcho's manager like any
other process. No process of ``campus up`` keeps state of its own: the data is in PostgreSQL,
the outbox rows there too, the stream entries and the consumer group's pending list in Redis,
and Redis keeps an append-only file. So once the platform is up (``campus up`` then writes
``FILE``), a command that exits is started again after a back-off, as Kubernetes does for a
Deployment's container (``restartPolicy: Always``, with a back-off that doubles after each crash
and is forgotten once the container has run for a while), and the others run on meanwhile.
Before that, a command that exits failed to start (a bad variable, a port taken): starting it
again would fail again, so the wrapper exits with it, and honcho stops everything, as it does.

SIGTERM or SIGINT is passed on to the command, and the wrapper exits once it has: honcho's stop
reaches every command that way.

    >>> restarting("credentials-consumer", ["campus", "consume", "credentials"], ready_file=f)
    ... # doctest: +SKIP

Restarts are told in the log (``credentials-consumer exited (rc=-9): restarting in 0.5 s``).
"""

import argparse
import functools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

if __name__ == "__main__":
    # tenacity imports its tornado integration whenever tornado is installed (Jupyter's extras
    # bring it): two fifths of a wrapper's start, in each of the eleven wrappers `campus up`
    # starts at once. A wrapper, a process of its own, never uses it.
    sys.modules.setdefault("tornado", None)

from .parent_death import dying_with_parent

__all__ = ["BACKOFF_FIRST_S", "BACKOFF_MAX_S", "HEALTHY_AFTER_S", "MODULE", "restarting", "run"]

BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 8.0
HEALTHY_AFTER_S = 30.0  # a command that ran this long starts again from the first back-off
MODULE = "campus.process.restart"  # what a wrapper's command line runs (``python -m``)
_USAGE = f"python -m {MODULE} --name NAME --ready-file FILE [--start-after FIRST] -- COMMAND..."
START_POLL_S = 0.1  # how often a wrapper waiting to start looks for its file


def restarting(
    name: str, command: list[str], *, ready_file: str, start_after: str | None = None
) -> list[str]:
    """The wrapper's command line around ``command``. Each dies with its parent (SIGTERM): the
    wrapper with honcho's runner, the command with the wrapper (`dying_with_parent`)."""
    wrapper = [sys.executable, "-m", MODULE, "--name", name, "--ready-file", ready_file]
    if start_after is not None:
        wrapper += ["--start-after", start_after]
    return dying_with_parent([*wrapper, "--", *dying_with_parent(command)])


class _Exited(Exception):
    """The command exited on its own once the platform was ready: start it again."""

    def __init__(self, returncode: int):
        super().__init__(returncode)
        self.returncode = returncode


class _Supervisor:
    def __init__(
        self,
        command: list[str],
        *,
        name: str,
        ready: Callable[[], bool],
        start: Callable[[], bool] | None = None,
    ):
        self.command, self.name, self.ready, self.start = command, name, ready, start
        self.stopping = threading.Event()
        self.signum = signal.SIGTERM
        self.returncode = 0
        self._child: subprocess.Popen | None = None

    def stop(self, signum, frame=None) -> None:
        """The signal handler: pass ``signum`` on, and start the command no more."""
        self.signum = signum
        self.stopping.set()
        child = self._child
        if child is not None:
            child.send_signal(signum)  # a no-op once it has exited

    def supervise(self) -> None:
        while self.start is not None and not self.start():
            if self.stopping.wait(START_POLL_S):
                return  # stopped before it was started: nothing to pass the signal to
        # Imported here: the wrapper of an event worker waits above on the cores the web
        # processes are starting on, and needs no back-off before its command runs.
        from tenacity import Retrying, retry_if_exception_type, wait_exponential

        retrying = Retrying(
            retry=retry_if_exception_type(_Exited),
            wait=wait_exponential(multiplier=BACKOFF_FIRST_S, max=BACKOFF_MAX_S),
            sleep=self.stopping.wait,  # a stop during the back-off ends it at once
            before_sleep=self._restarting_told,
        )
        for attempt in retrying:
            with attempt:
                if self.stopping.is_set():
                    return
                started = time.monotonic()
                self.returncode = self._run_once()
                if self.stopping.is_set():
                    return
                if not self.ready():
                    print(
                        f"{self.name} exited before the platform was ready "
                        f"(rc={self.returncode}): not started again",
                        flush=True,
                    )
                    return
                if time.monotonic() - started >= HEALTHY_AFTER_S:
                    attempt.retry_state.attempt_number = 1  # the back-off starts over
                raise _Exited(self.returncode)

    def _run_once(self) -> int:
        # A process group of its own: honcho's stop signals the wrapper's group, and the wrapper
        # passes the signal on, so the command gets it once.
        try:
            self._child = subprocess.Popen(self.command, process_group=0)
        except OSError as exc:
            print(f"{self.name}: {exc}", flush=True)
            return 127  # as a shell says "command not found"
        if self.stopping.is_set():  # the stop came while it was being started
            self._child.send_signal(self.signum)
        return self._child.wait()

    def _restarting_told(self, retry_state) -> None:
        rc = retry_state.outcome.exception().returncode
        delay = retry_state.upcoming_sleep
        print(f"{self.name} exited (rc={rc}): restarting in {delay:.1f} s", flush=True)


def run(
    command: list[str],
    *,
    name: str,
    ready: Callable[[], bool],
    start: Callable[[], bool] | None = None,
) -> int:
    """Run ``command`` as described above, first once ``start()`` (if given) is true, until it
    exits before ``ready()`` or a SIGTERM or SIGINT stops it; return its last exit code, as a
    shell gives it (128 + N for signal N; 0 when stopped before it started)."""
    supervisor = _Supervisor(command, name=name, ready=ready, start=start)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, supervisor.stop)
    # The command is run and waited for on a thread of its own, so that this one, which takes
    # the signals, holds no lock the handler needs. That thread lives as long as any command
    # it started: a command's parent-death signal is sent when the thread that started it ends.
    worker = threading.Thread(target=supervisor.supervise, name=f"{name}-supervisor")
    parent = os.getppid()
    worker.start()
    # Joined a moment at a time, never for ever: the kernel may hand a signal to the other
    # thread, and Python runs its handler only once this one wakes; and a parent that died
    # without its parent-death signal reaching us (campus up killed outright) is seen here.
    while worker.is_alive():
        worker.join(START_POLL_S)
        if os.getppid() != parent and not supervisor.stopping.is_set():
            supervisor.stop(signal.SIGTERM)
    rc = supervisor.returncode
    return rc if rc >= 0 else 128 - rc


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", usage=_USAGE)
    parser.add_argument("--name", required=True, help="the process's name, for the log")
    parser.add_argument("--ready-file", required=True, help="restarts only once this exists")
    parser.add_argument("--start-after", help="starts the command only once this exists")
    options, command = parser.parse_args(argv[:split]), argv[split + 1 :]
    if not command:
        parser.error("no command after --")
    ready = functools.partial(os.path.exists, options.ready_file)
    start = options.start_after and functools.partial(os.path.exists, options.start_after)
    return run(command, name=options.name, ready=ready, start=start or None)


if __name__ == "__main__":
    sys.exit(main())
