"""Fresh SQLite databases for every start of the in-process platform, in a millisecond or two.

>>> databases_reset(["catalog"])        # doctest: +SKIP

The first start in a process copies each database from its migrated template on disk
(`campus.embedded.migrated_templates`), seeds it with this process's secrets, and keeps that in
memory; every later start restores the copy in memory.
"""

import sqlite3
import threading

from django.db import connections

from .migrated_templates import database_migrate

__all__ = ["databases_reset"]

_templates: dict[str, sqlite3.Connection] = {}
_templates_lock = threading.Lock()


def databases_reset(aliases, *, seeds: dict | None = None) -> None:
    """Give each alias a freshly migrated database with its demo data.

    The first call per alias migrates it (a copy of the template on disk, or the migrations
    themselves when their template is not stored yet), then runs ``seeds[alias]()`` if there is
    one (data that is not a migration's, such as generated secrets), and keeps an in-memory
    copy; later calls restore that copy with SQLite's backup API, which takes a millisecond or
    two.
    """
    seeds = seeds or {}
    for alias in aliases:
        with _templates_lock:
            made = alias not in _templates
            if made:
                _templates[alias] = _migrated_template(alias, seeds.get(alias))
            template = _templates[alias]
        if made:
            continue  # the database is what the copy in memory was taken from
        target = sqlite3.connect(connections[alias].settings_dict["NAME"])
        try:
            template.backup(target)
        finally:
            target.close()


def _migrated_template(alias: str, seed) -> sqlite3.Connection:
    name = connections[alias].settings_dict["NAME"]
    database_migrate(alias)
    if seed is not None:
        seed()
    connections[alias].close()
    source = sqlite3.connect(name)
    template = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        source.backup(template)
    finally:
        source.close()
    return template
