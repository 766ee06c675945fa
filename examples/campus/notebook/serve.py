"""A command that serves campus (``campus serve``) run as a separate process, as its environment
would run it: the notebook keeps what the process prints on stdout, and stops it with SIGTERM.

    >>> with served(environment) as server:                            # doctest: +SKIP
    ...     http.get(server.urls["dashboard"] + "/dashboard/ada")
    >>> print("".join(server.stream))                                  # doctest: +SKIP

The command prints its log lines, then one JSON line of the services' base URLs once they
answer, then more log lines until it stops.
"""

import contextlib
import json
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["CAMPUS", "Served", "served"]

CAMPUS = [sys.executable, "-m", "campus.cli"]  # the `campus` command, run by this Python


@dataclass
class Served:
    """A running ``campus serve``: its base URLs, and its stdout's lines so far (all of them
    once it has stopped, with its exit code)."""

    process: subprocess.Popen
    urls: dict[str, str] = field(default_factory=dict)
    stream: list[str] = field(default_factory=list)

    @property
    def returncode(self) -> int | None:
        return self.process.returncode


@contextlib.contextmanager
def served(
    environment: Mapping[str, str],
    command: Sequence[str] = (*CAMPUS, "serve", "--arch", "microservices"),
    stop_timeout: float = 30.0,
) -> Iterator[Served]:
    """Start ``command`` with ``environment``, wait for its line of URLs, and yield it; on the
    way out send SIGTERM and wait for it to stop. Its stderr (a banner for a person at a
    terminal) is not kept. Raises RuntimeError, with the end of its stderr, if it ends before
    printing its URLs."""
    process = subprocess.Popen(
        list(command),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(environment),
    )
    server = Served(process)
    try:
        for line in process.stdout:
            if line.startswith("{"):
                server.urls = json.loads(line)
                break
            server.stream.append(line)
        if not server.urls:  # its stdout closed: it has ended, or is ending
            said = process.stderr.read().strip()[-500:]  # to its end: the process has ended
            raise RuntimeError(f"{' '.join(command[-3:])} ended without its URLs: {said}")
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=stop_timeout)
        server.stream += rest.splitlines(keepends=True)
