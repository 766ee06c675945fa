"""A migrated PostgreSQL cluster kept between runs of ``campus up``: a start copies it instead of
running initdb, creating each database and applying every migration again.

The template is keyed on what it holds (`template_key`): the server's version, the databases in
it, the bytes of every migration of every installed app and of the project code they call, and
the code that decides where each migration goes (the router) and how the cluster and the release
are made (`campus.assembly.migration_key`). A changed migration
gives a new key, hence a new template. Each run still runs the release step on its copy, which
migrates: whatever a template lacks is applied then, so a template can make a start slow, never
wrong. Kept under ``$XDG_CACHE_HOME/campus`` (``~/.cache/campus``); one that no run has used
for a day is removed.

    >>> template_copy(Path("/tmp/pg"), ["catalog"], migrate=release_run)   # doctest: +SKIP
    False
"""

import contextlib
import importlib.util
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from campus.assembly.config import cache_folder
from campus.assembly.migration_key import migration_key

from .postgres import Cluster, bin_dir

__all__ = ["cache_root", "template_copy", "template_key"]

PREFIX = "pg-template-"
KEPT_UNUSED_S = 24 * 3600  # a template no run copied for this long is removed
# Besides the migrations and the code they call, the modules whose change changes what a
# template holds: where each migration goes, how the cluster is made, what the release stores.
SHAPERS = (
    "campus.assembly.databases",
    "campus.process.postgres",
    "campus.process.release",
    "campus.identity.services",
)


def cache_root() -> Path:
    return cache_folder(os.environ)


def template_key(names) -> str:
    """`campus.assembly.migration_key` of the migrations, the server's version, ``names`` (the
    databases) and the modules that make the cluster and its release."""
    version = subprocess.run(
        [str(bin_dir() / "postgres"), "--version"], capture_output=True, text=True, check=True
    )
    shapers = tuple(Path(importlib.util.find_spec(name).origin) for name in SHAPERS)
    databases = " ".join(sorted(names))
    return migration_key(more=shapers, versions=f"{version.stdout}databases {databases}\n")


def template_copy(
    folder: Path,
    names,
    *,
    migrate: Callable[[dict[str, str]], None],
    scratch: str | None = None,
    root: Path | None = None,
) -> bool:
    """Fill ``folder`` (empty) with a copy of the template for ``names``; build the template first
    when there is none for this key, in ``scratch`` (``migrate(urls)`` runs the release step
    against the new cluster's databases). True when it was built now."""
    root = root or cache_root()
    template = root / f"{PREFIX}{template_key(names)}"
    built = not template.is_dir()
    if built:
        _template_build(template, names, migrate, scratch)
    os.utime(template)  # in use: kept (see KEPT_UNUSED_S)
    _copy(template, folder)
    return built


def _template_build(template: Path, names, migrate, scratch) -> None:
    # Built where the server may run (the scratch folder), stopped, then copied beside its final
    # place and renamed into it: two runs building at once never see half a template.
    root = template.parent
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="campus-pg-build-", dir=scratch))
    staged = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        cluster = Cluster(work)
        server = cluster.start(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            migrate(cluster.databases_create(names))
        finally:
            Cluster.stop(server)
        _copy(cluster.folder, staged)
        for old in root.glob(f"{PREFIX}*"):
            # Another worktree's key may be in use: only what no run has copied for a day goes.
            if time.time() - old.stat().st_mtime > KEPT_UNUSED_S:
                shutil.rmtree(old, ignore_errors=True)
        # Refused when another run renamed its own first: the same key, the same template.
        with contextlib.suppress(OSError):
            staged.rename(template)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(staged, ignore_errors=True)


def _copy(source: Path, target: Path) -> None:
    """Everything in ``source`` into ``target``, owners and modes kept (as root the files stay
    the postgres user's, which the server insists on)."""
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run([_CP, "-a", f"{source}/.", str(target)], check=True)


# From the system's own folders, not the caller's PATH: a PATH without /usr/bin must still
# reach the check that names what is missing (setpriv), not fail on cp first.
_CP = shutil.which("cp", path=os.defpath) or "cp"
