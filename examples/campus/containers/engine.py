"""podman, as these machines run it: the settings file it needs (deploy/containers/containers.conf,
through ``CONTAINERS_CONF``) and one way to call it.

    >>> podman("image", "exists", "localhost/campus-base:1").returncode   # doctest: +SKIP
    1
"""

import os
import subprocess
import sys
from pathlib import Path

from campus.assembly.config import MONOLITH

__all__ = ["COMPOSE_FILES", "DEPLOY", "ROOT", "PodmanFailed", "podman", "podman_out", "say"]

ROOT = Path(__file__).resolve().parents[3]  # the repository: deploy/Dockerfile's build context
DEPLOY = ROOT / "deploy"
CONF = DEPLOY / "containers" / "containers.conf"
# Each architecture's compose file, as deploy/generate.py writes them.
COMPOSE_FILES = {
    "microservices": DEPLOY / "compose.yaml",
    MONOLITH: DEPLOY / "compose.monolith.yaml",
}


class PodmanFailed(RuntimeError):
    """A podman command exited with an error; the message ends with what it printed."""


def _environ() -> dict[str, str]:
    return {**os.environ, "CONTAINERS_CONF": str(CONF)}


def podman(*args: str, check: bool = False, quiet: bool = True) -> subprocess.CompletedProcess:
    """Run ``podman ARGS``; its output captured when ``quiet``, else shown as it comes."""
    done = subprocess.run(
        ["podman", *args], env=_environ(), capture_output=quiet, text=True, check=False
    )
    if check and done.returncode:
        output = (done.stdout or "") + (done.stderr or "") if quiet else ""
        raise PodmanFailed(f"podman {' '.join(args)[:200]} exited {done.returncode}\n{output}")
    return done


def podman_out(*args: str) -> str:
    """What ``podman ARGS`` prints, stripped; PodmanFailed if it fails."""
    return podman(*args, check=True).stdout.strip()


def say(line: str) -> None:
    """A progress line, on stderr: stdout stays for what a caller reads."""
    print(f"containers: {line}", file=sys.stderr, flush=True)
