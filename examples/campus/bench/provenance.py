"""Where a recorded run comes from: its commit, its date, the cores and the load it ran under.

    >>> run = Provenance.begin("python -m campus.bench.load")          # doctest: +SKIP
    >>> about = run.end(seconds_per_window=3.0)                         # doctest: +SKIP
    >>> about["commit"], about["load_average"]["before"]                # doctest: +SKIP
    ('b08f2d5', [1.2, 0.9, 0.8])

A recording is made by one command from a clean commit: `Provenance.begin` refuses a working
tree with uncommitted changes to tracked files (`DirtyTree`) before anything runs, and `end`
refuses one that changed meanwhile. Changes inside the folder the recordings go to (``out``)
do not count: they are recordings, not the code measured (``make load`` writes two in turn).
``allow_dirty`` lets a developer try the command anyway; the recording then says so
(``"dirty": true``) and a page that reads it prints it.
"""

import os
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from platform import python_version

__all__ = ["DirtyTree", "Provenance", "about_line", "git_state"]

REPOSITORY = Path(__file__).resolve().parents[3]  # the code being measured, wherever run from


class DirtyTree(RuntimeError):
    """The working tree has uncommitted changes: a recording would name a commit it is not."""


def git_state(repository: Path = REPOSITORY, out: Path | None = None) -> tuple[str, bool]:
    """``(commit, dirty)``: the short commit, and whether tracked files outside ``out`` differ
    from it (untracked files do not count: the commit does not run them). ``unknown`` and dirty
    outside git."""
    status = ["status", "--porcelain", "--untracked-files=no"]
    if out is not None and Path(out).resolve().is_relative_to(repository.resolve()):
        status += ["--", ".", f":(exclude){Path(out).resolve().relative_to(repository.resolve())}"]

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repository), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = bool(git(*status))
    except (OSError, subprocess.CalledProcessError):
        return "unknown", True
    return commit, dirty


@dataclass
class Provenance:
    command: str
    commit: str
    dirty: bool
    started: datetime
    load_before: list[float]
    repository: Path = field(default=REPOSITORY, repr=False)
    out: Path | None = None

    @classmethod
    def begin(
        cls,
        command: str,
        *,
        out: Path | None = None,
        allow_dirty: bool = False,
        repository: Path = REPOSITORY,
    ) -> "Provenance":
        """Take the facts of the start; `DirtyTree` unless the tree is clean or ``allow_dirty``."""
        commit, dirty = git_state(repository, out)
        if dirty and not allow_dirty:
            raise DirtyTree(
                f"{repository} has uncommitted changes (or is not a git checkout): commit them "
                "first, so the recording names the code it measured (or pass --allow-dirty "
                "to try it, recorded as dirty)"
            )
        load = list(os.getloadavg())
        return cls(command, commit, dirty, datetime.now(UTC), load, repository, out)

    def end(self, **extra) -> dict:
        """The recording's ``about``: the start's facts, the load at the end, and ``extra``."""
        commit, dirty = git_state(self.repository, self.out)
        if (commit, dirty) != (self.commit, self.dirty) and not self.dirty:
            raise DirtyTree(f"the working tree changed during the run ({self.commit} -> {commit})")
        return {
            "recorded_at": self.started.isoformat(timespec="seconds"),
            "ended_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": self.commit,
            "dirty": self.dirty,
            "command": self.command,
            "cores": os.cpu_count(),
            "load_average": {"before": self.load_before, "after": list(os.getloadavg())},
            "python": python_version(),
            **extra,
        }


def about_line(about: dict) -> str:
    """One line a page prints above a recording's figures: commit, date, cores and load."""
    load = about["load_average"]
    dirty = " WITH UNCOMMITTED CHANGES (--allow-dirty)" if about["dirty"] else ""
    return (
        f"recorded {about['recorded_at']} by `{about['command']}` at commit {about['commit']}"
        f"{dirty}, on {about['cores']} cores; load average (1 min) {load['before'][0]:.1f} "
        f"before, {load['after'][0]:.1f} after"
    )
