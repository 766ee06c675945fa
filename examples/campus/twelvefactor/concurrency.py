"""VIII. Concurrency: scale out via the process model.

Scaling means running more processes of one type. Two things stand in the way here. Several
services share this one process (one settings object holds all their databases), so the catalog
cannot get more processes without the dashboard getting them too; the audit warns while that is
so. And processes that share an SQLite file must queue their writes instead of failing with
"database is locked": that needs WAL and a busy timeout, which the audit requires.
"""

from campus.assembly.databases import DATA_ALIASES

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "check"]

FACTOR = factor_get("VIII")


def check(app_configs=None, **kwargs):
    return [
        *_one_service_per_process(),
        *_services_sharing_a_process(),
        *_sqlite_without_concurrency(),
    ]


def _one_service_per_process():
    service = sources.process_service()
    if service is None:
        return []
    return [
        FACTOR.message(
            "I001",
            f"This process runs {service} alone (campus.process, under gunicorn): more processes "
            "of this type scale it, and nothing else.",
            hint="Scale with gunicorn --workers, more replicas, or both.",
            obj="settings.CAMPUS_SERVICE",
        )
    ]


def _services_sharing_a_process():
    here = [alias for alias in DATA_ALIASES if alias in sources.databases()]
    if len(here) <= 1:
        return []
    return [
        FACTOR.message(
            "W001",
            f"The services {', '.join(here)} run in one process, so each scales only with all "
            "the others: there is no process type per service to add more of.",
            hint="Run one process per service, each configured with its own database only.",
            obj="settings.DATABASES",
        )
    ]


def _sqlite_without_concurrency():
    issues = []
    for alias, db in sorted(sources.databases().items()):
        if "sqlite3" not in db.get("ENGINE", ""):
            continue
        options = db.get("OPTIONS", {})
        missing = []
        if "journal_mode=wal" not in options.get("init_command", "").replace(" ", "").lower():
            missing.append("WAL journal (readers then wait for writers)")
        if not options.get("timeout"):
            missing.append("a busy timeout (a second writer fails at once)")
        if missing:
            issues.append(
                FACTOR.message(
                    "E001",
                    f"The SQLite database {alias!r} lacks {' and '.join(missing)}: concurrent "
                    "processes or threads get 'database is locked'.",
                    hint="OPTIONS: init_command 'PRAGMA journal_mode=WAL', a timeout in seconds.",
                    obj=f"settings.DATABASES[{alias!r}]",
                )
            )
    return issues
