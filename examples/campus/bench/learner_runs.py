"""What a learner waits for, timed: a notebook, the site build, serve, up, the tests.

Each function runs the real thing once and returns seconds. The site and the tests run in a copy
of the project (`project_copy`), so a benchmark never empties the build a reader is looking at.
"""

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

__all__ = [
    "ROOT",
    "make_seconds",
    "notebook_seconds",
    "notebook_starts_up",
    "project_copy",
    "serve_seconds",
    "up_seconds",
]

ROOT = Path(__file__).resolve().parents[3]
_IGNORED = shutil.ignore_patterns(".venv", "_build", ".jupyter_cache", ".git", "__pycache__")


def notebook_starts_up(path: Path) -> bool:
    """Whether the notebook starts `campus up` (the real runtime), as its metadata says
    (``"campus": {"starts_campus_up": true}``): its target is 15 s, not 5 s, and the site build
    runs it alone."""
    metadata = json.loads(path.read_text())["metadata"]
    return bool(metadata.get("campus", {}).get("starts_campus_up"))


def notebook_seconds(path: Path) -> float:
    """Execute the notebook in a fresh kernel from its own folder, as the site build does; the
    time includes the kernel's start."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    )
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def project_copy(into: Path) -> Path:
    """The project's files under ``into`` (no build, no notebook cache), sharing its virtualenv."""
    copy = into / "project"
    shutil.copytree(ROOT, copy, ignore=_IGNORED, symlinks=True)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def make_seconds(project: Path, target: str) -> float:
    """``make TARGET`` in ``project``; raises when it fails, with the end of what it printed."""
    started = time.perf_counter()
    # -o: the copy shares this project's virtualenv; were its stamp older than pyproject.toml,
    # make would install the project again from the copy, which is deleted after the run.
    command = ["make", "-o", ".venv/.installed", target]
    done = subprocess.run(command, cwd=project, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"make {target} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def serve_seconds(arch: str = "microservices") -> float:
    """``campus serve`` on a fresh data folder: from the process's start to its line of URLs."""
    with tempfile.TemporaryDirectory(prefix="campus-bench-serve-") as folder:
        command = [sys.executable, "-m", "campus.cli", "serve", "--arch", arch]
        environ = {**os.environ, "CAMPUS_DATA_DIR": folder, "CAMPUS_LOG_LEVEL": "WARNING"}
        started = time.perf_counter()
        server = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environ
        )
        try:
            ready, _, _ = select.select([server.stdout], [], [], 120)
            line = server.stdout.readline() if ready else b""
            seconds = time.perf_counter() - started
            json.loads(line)  # the URLs: anything else means it did not start
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(30)
            server.stdout.close()
    return seconds


def up_seconds(arch: str = "microservices") -> tuple[float, float, float]:
    """``campus up`` from nothing (a fresh data folder): seconds to ready (its URLs), to every
    event worker attached (they start once the URLs are out), then to stopped."""
    # Imported here: the real runtime's control pulls in psutil and the registry, which the
    # other measurements do not need.
    from campus.process.control import Up

    with tempfile.TemporaryDirectory(prefix="campus-bench-up-") as folder:
        up = Up(arch, data_dir=folder).start(timeout=180)
        up.stop()
    return up.ready_s, up.workers_s, up.stop_s
