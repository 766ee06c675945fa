"""Where a recorded run comes from: when, at which commit, on how many cores, under what load.

    >>> about = run_about("python -m campus.bench.blast_radius")       # doctest: +SKIP
    >>> about["commit"]                                                # doctest: +SKIP
    'b08f2d5'

A page that reads a recorded run prints these, so a reader can judge it (a ``-dirty`` commit
was recorded with changes not yet committed).
"""

import os
import platform as machine
import subprocess
from datetime import UTC, datetime

__all__ = ["git_commit", "run_about"]


def git_commit() -> str:
    """``git describe --always --dirty`` of the working tree, or ``unknown`` outside git."""
    try:
        result = subprocess.run(
            ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip()


def run_about(command: str, **extra) -> dict:
    """The facts every recording carries, plus ``extra``, taken as the run ends."""
    return {
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "python": machine.python_version(),
        "commit": git_commit(),
        "command": command,
        **extra,
    }
