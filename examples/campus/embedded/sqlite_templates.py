"""Fresh SQLite databases for every start of the in-process platform, in a millisecond or two.

>>> databases_reset(["catalog"])        # doctest: +SKIP
"""

import sqlite3
import threading

from django.core.management import call_command
from django.db import connections

__all__ = ["databases_reset"]

_templates: dict[str, sqlite3.Connection] = {}
_templates_lock = threading.Lock()


def databases_reset(aliases, *, seeds: dict | None = None) -> None:
    """Give each alias a freshly migrated database with its demo data.

    The first call per alias runs the migrations (a one-off cost), then ``seeds[alias]()`` if
    there is one (data that is not a migration's, such as generated secrets), and keeps an
    in-memory copy; later calls restore that copy with SQLite's backup API, which takes a
    millisecond or two.
    """
    seeds = seeds or {}
    for alias in aliases:
        with _templates_lock:
            if alias not in _templates:
                _templates[alias] = _migrated_template(alias, seeds.get(alias))
            template = _templates[alias]
        target = sqlite3.connect(connections[alias].settings_dict["NAME"])
        try:
            template.backup(target)
        finally:
            target.close()


def _migrated_template(alias: str, seed) -> sqlite3.Connection:
    name = connections[alias].settings_dict["NAME"]
    call_command("migrate", database=alias, verbosity=0, interactive=False)
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
