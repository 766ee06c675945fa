"""VI. Processes: execute the app as one or more stateless processes.

Anything that must outlive a request lives in a backing service, never in the memory or the
private folders of one process. The audit refuses sessions kept in process memory (a second
process would not know the user), and warns while the databases sit in a folder private to this
process: it is deleted at exit, and no other process, an admin command included, can attach to it.
"""

import os
from pathlib import Path

from django.conf import settings

from campus.assembly.config import given

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "check"]

FACTOR = factor_get("VI")
_PROCESS_MEMORY_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


def check(app_configs=None, **kwargs):
    return [*_sessions_in_memory(), *_private_data_folder()]


def _sessions_in_memory():
    if "django.contrib.sessions" not in settings.INSTALLED_APPS:
        return []  # no sessions at all: nothing to keep between requests
    engine = settings.SESSION_ENGINE
    cache = settings.CACHES.get(settings.SESSION_CACHE_ALIAS, {}).get("BACKEND")
    if engine.endswith(".cache") and cache in _PROCESS_MEMORY_CACHES:
        return [
            FACTOR.message(
                "E001",
                f"Sessions are kept in {cache}, the memory of one process: a learner's next "
                "request, served by another process, finds no session.",
                hint="Keep sessions in the database or in a shared cache (Redis, Memcached).",
                obj="SESSION_ENGINE",
            )
        ]
    return []


def _private_data_folder():
    folder = given(os.environ, "CAMPUS_DATA_DIR")
    # Only SQLite keeps its data in a file of this machine; a database server is attached by URL.
    names = [
        Path(db["NAME"])
        for db in sources.databases().values()
        if "sqlite3" in db.get("ENGINE", "") and db.get("NAME")
    ]
    if not names:
        return []
    if folder and all(name.parent.resolve() == Path(folder).resolve() for name in names):
        return []
    where = sorted({str(name.parent) for name in names})
    return [
        FACTOR.message(
            "W001",
            f"The databases live in {', '.join(where)}, a folder this process made at start "
            "and deletes at exit: the data dies with the process, and another process (an admin "
            "command, a second instance) cannot attach to it.",
            hint="Set CAMPUS_DATA_DIR to a folder every process of the deploy can reach; better, "
            "a database server (see factor IV).",
            obj="CAMPUS_DATA_DIR",
        )
    ]
