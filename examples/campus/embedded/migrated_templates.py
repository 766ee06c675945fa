"""Migrated SQLite databases kept on disk, so a fresh data folder starts from a copy instead of
running every migration again (a few seconds per database, on every first start).

    >>> database_migrate("catalog")     # doctest: +SKIP
    False

A template is one file per alias and `migration_key`: a changed migration names a file that does
not exist yet, so the database is migrated again and that file stored. They live in the user's
cache folder (``$XDG_CACHE_HOME/campus/sqlite-templates``, by default under ``~/.cache``), not
in a data folder: every data folder, temporary or named, starts from the same files, and deleting
them costs one migration run and nothing else. Only migrations go in: the identity's accounts
hold secrets generated per process, seeded on each copy (`campus.embedded.sqlite_templates`).
"""

import logging
import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from django.core.management import call_command
from django.db import connections

from campus.assembly.config import cache_folder
from campus.assembly.migration_key import migration_key

__all__ = ["database_migrate", "templates_folder"]

logger = logging.getLogger(__name__)


def templates_folder() -> Path:
    """Where the templates are kept: in `campus.assembly.config.cache_folder`."""
    return cache_folder(os.environ) / "sqlite-templates"


def database_migrate(alias: str, *, folder: Path | None = None) -> bool:
    """Bring database ``alias`` to its migrated state: a copy of the template stored in
    ``folder`` (default `templates_folder`) when there is one, otherwise run the migrations and
    store their result as the template. True when the migrations ran."""
    template = Path(folder or templates_folder()) / f"{alias}-{migration_key()}.sqlite3"
    target = connections[alias].settings_dict["NAME"]
    connections[alias].close()  # a connection of this process must not see the file change
    if template.is_file():
        try:
            _copy(f"{template.as_uri()}?mode=ro", target)
            return False
        except sqlite3.DatabaseError as exc:  # a file damaged since it was stored: made again
            logger.warning("template %s unreadable (%s): migrating", template, exc)
    call_command("migrate", database=alias, verbosity=0, interactive=False)
    connections[alias].close()
    _store(target, template)
    return True


def _store(source: str, template: Path) -> None:
    """Keep a copy of ``source`` as ``template``. Written under a name of its own then renamed:
    a process that starts meanwhile sees no file or a whole one, and two processes storing the
    same template at once each rename a complete file over the other's."""
    try:
        template.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=template.parent, prefix=f".{template.name}.")
        os.close(handle)
        try:
            _copy(source, partial)
            with closing(sqlite3.connect(partial)) as stored:
                # The copy has the source's journal mode, WAL: opened read-only, a WAL file
                # still needs its -shm and -wal files written beside it.
                stored.execute("PRAGMA journal_mode=DELETE")
            os.replace(partial, template)
        except BaseException:
            os.unlink(partial)
            raise
    except OSError as exc:  # a read-only or full disk: this start migrated; the next will too
        logger.warning("no template kept in %s: %s", template.parent, exc)


def _copy(source: str, target: str) -> None:
    """Copy SQLite database ``source`` (a path, or a ``file:`` URI) over ``target`` with the
    backup API, which reads a consistent snapshot of a database in use."""
    with (
        closing(sqlite3.connect(source, uri=True)) as reading,
        closing(sqlite3.connect(target)) as writing,
    ):
        reading.backup(writing)
