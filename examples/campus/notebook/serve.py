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

__all__ = ["CAMPUS", "SERVE", "Served", "serve_launched", "served"]

CAMPUS = [sys.executable, "-m", "campus.cli"]  # the `campus` command, run by this Python
SERVE = (*CAMPUS, "serve", "--arch", "microservices")


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


def serve_launched(
    environment: Mapping[str, str],
    command: Sequence[str] = SERVE,
) -> Served:
    """Start ``command`` with ``environment`` now, not waited for: it boots while the notebook
    goes on; ``with served(it)`` waits for its URLs, uses it and stops it."""
    process = subprocess.Popen(
        list(command),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(environment),
    )
    return Served(process)


@contextlib.contextmanager
def served(
    environment: Mapping[str, str] | Served,
    command: Sequence[str] = SERVE,
    stop_timeout: float = 30.0,
) -> Iterator[Served]:
    """Start ``command`` with ``environment`` (or take one `serve_launched` started), wait for
    its line of URLs, and yield it; on the way out send SIGTERM and wait for it to stop. Its
    stderr (a banner for a person at a terminal) is not kept. Raises RuntimeError, with the end
    of its stderr, if it ends before printing its URLs."""
    launched = isinstance(environment, Served)
    server = environment if launched else serve_launched(environment, command)
    process = server.process
    try:
        for line in process.stdout:
            if line.startswith("{"):
                server.urls = json.loads(line)
                break
            server.stream.append(line)
        if not server.urls:  # its stdout closed: it has ended, or is ending
            said = process.stderr.read().strip()[-500:]  # to its end: the process has ended
            raise RuntimeError(f"{' '.join(process.args[-3:])} ended without its URLs: {said}")
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=stop_timeout)
        server.stream += rest.splitlines(keepends=True)
