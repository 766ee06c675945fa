"""A worker's liveness: a file it touches as its loop turns, and the probe that reads its age.

A relay, a consumer or a Celery worker answers no HTTP, so Kubernetes and Compose cannot ask it a
``/health/live``. Each touches its heartbeat file (`Heartbeat.beat`, at most once a second) every
time its loop comes round, whether or not Redis or the database answered: an outage then
restarts nothing, while a loop stuck for `MAX_AGE_S` does get its container restarted.

    $ python -m campus.assembly.heartbeat relay enrollments     # exit 0: it beat lately
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["MAX_AGE_S", "Heartbeat", "heartbeat_path", "main"]

MAX_AGE_S = 30.0
_EVERY_S = 1.0  # one file-system write a second at most, however fast the loop turns


def heartbeat_path(role: str, service: str) -> Path:
    """The file of worker ``role`` (relay, consume, worker) of ``service``: one per container."""
    return Path(tempfile.gettempdir()) / f"campus-{role}-{service}.alive"


class Heartbeat:
    """Touches ``path`` when `beat` is called, at most once a second."""

    def __init__(self, path: Path):
        self.path, self._last = path, 0.0

    def beat(self) -> None:
        now = time.monotonic()
        if now - self._last >= _EVERY_S:
            self.path.touch()
            self._last = now

    def beating(self, call):
        """``call``, beating first each time it is called."""

        def beaten(*args, **kwargs):
            self.beat()
            return call(*args, **kwargs)

        return beaten


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.assembly.heartbeat")
    parser.add_argument("role", choices=["relay", "consume", "worker"])
    parser.add_argument("service")
    parser.add_argument("--max-age", type=float, default=MAX_AGE_S, help="seconds")
    options = parser.parse_args(argv)
    path = heartbeat_path(options.role, options.service)
    try:
        age = time.time() - os.path.getmtime(path)
    except OSError:
        print(f"no heartbeat yet at {path}", file=sys.stderr)
        return 1
    if age > options.max_age:
        print(
            f"last heartbeat {age:.0f} s ago (more than {options.max_age:.0f} s)", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
