"""The ``campus`` command as an operator runs it: the installed console script, in a process of
its own."""

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["CAMPUS", "campus_help", "campus_plain", "campus_refused", "campus_started"]

CAMPUS = str(Path(sys.executable).with_name("campus"))  # the installed console script


def campus_started(*args: str, **kwargs) -> subprocess.Popen:
    """``campus ARGS`` started with one log line per request (CAMPUS_LOG_LEVEL=INFO)."""
    environ = {**os.environ, "CAMPUS_LOG_LEVEL": "INFO"}
    return subprocess.Popen(
        [CAMPUS, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
        **kwargs,
    )


def campus_plain(*args: str, **environ) -> subprocess.Popen:
    """``campus`` with the environment a learner has: no CAMPUS_LOG_LEVEL, no data folder."""
    clean = {
        k: v for k, v in os.environ.items() if k not in ("CAMPUS_LOG_LEVEL", "CAMPUS_DATA_DIR")
    }
    return subprocess.Popen(
        [CAMPUS, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**clean, **environ},
    )


def campus_refused(args: list[str], **environment: str) -> subprocess.CompletedProcess:
    """``campus ARGS`` run to its end, with these variables over the test's environment."""
    return subprocess.run(
        [CAMPUS, *args],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def campus_help(*args: str) -> str:
    """The ``--help`` text of ``campus ARGS``, which must carry no reST markup."""
    done = subprocess.run([CAMPUS, *args, "--help"], capture_output=True, text=True, check=True)
    assert "``" not in done.stdout  # no reST markup in a terminal
    return done.stdout
