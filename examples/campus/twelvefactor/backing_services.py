"""IV. Backing services: treat backing services as attached resources.

A neighbour service is attached by URL (``CAMPUS_<NAME>_URL``), so swapping one is a change of
configuration; the audit parses each URL with the runtime's own parser. Each service must keep
its own database: two services on one database file are coupled through its tables. And it says
plainly what is not yet attachable: under the in-process runtime the databases are SQLite files
rather than servers named by URL, and the event bus is built into the process instead of being a
broker the deploy points to. A real process (``campus up``, the deploy) names its Redis by
``REDIS_URL``; unset, its relay and consumer cannot start.
"""

import os

from campus.assembly.config import url_variable, value
from campus.assembly.databases import DATA_ALIASES
from campus.registry import SERVICES

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "check"]

FACTOR = factor_get("IV")
OEP_52 = (
    "https://docs.openedx.org/projects/openedx-proposals/en/latest/architectural-decisions/"
    "oep-0052-arch-event-bus-architecture.html"
)


def check(app_configs=None, **kwargs):
    return [
        *_neighbour_urls(),
        *_shared_databases(),
        *_database_files(),
        *_database_servers(),
        *_event_bus(),
    ]


def _neighbour_urls():
    issues = []
    for spec in SERVICES:
        name = url_variable(spec.name)
        try:
            # Unset, the runtime attaches its own server for this neighbour: nothing to check.
            value(os.environ, name)
        except ValueError as exc:
            issues.append(
                FACTOR.message(
                    "E001",
                    f"{exc}: the services that call {spec.name} cannot reach it.",
                    hint="Give the base URL of a running instance, or unset the variable.",
                    obj=name,
                )
            )
    return issues


def _shared_databases():
    databases = sources.databases()
    owners: dict[str, list[str]] = {}
    for alias in DATA_ALIASES:
        if alias in databases:
            owners.setdefault(str(databases[alias].get("NAME")), []).append(alias)
    return [
        FACTOR.message(
            "E002",
            f"The services {', '.join(aliases)} share one database ({name}).",
            hint="Give each service its own database; share data over its API or its events.",
            obj=name,
        )
        for name, aliases in owners.items()
        if len(aliases) > 1
    ]


def _database_files():
    files = sorted(a for a, db in sources.databases().items() if "sqlite3" in db.get("ENGINE", ""))
    if not files:
        return []
    return [
        FACTOR.message(
            "W001",
            f"The databases of {', '.join(files)} are SQLite files on this machine, not "
            "services attached by URL: no other machine can use them, and swapping one for "
            "another server means editing settings.py.",
            hint="A deploy would read each service's database from a URL in the environment "
            "(e.g. CAMPUS_CATALOG_DATABASE_URL) and point it at a database server.",
            obj="settings.DATABASES",
        )
    ]


def _database_servers():
    return [
        FACTOR.message(
            "I001",
            f"The database of {alias} is {db['ENGINE'].rsplit('.', 1)[-1]} at "
            f"{db.get('HOST') or 'a local socket'}:{db.get('PORT') or 'default port'}, "
            f"database {db.get('NAME')!r}: a server attached by URL.",
            hint="Point DATABASE_URL at another server to swap it; no code changes.",
            obj=f"settings.DATABASES[{alias!r}]",
        )
        for alias, db in sorted(sources.databases().items())
        if "sqlite3" not in db.get("ENGINE", "")
    ]


def _event_broker():
    url = sources.event_broker_url()
    if url is None:
        return [
            FACTOR.message(
                "W003",
                "No event broker is attached: REDIS_URL is unset, so the relay and the consumer "
                "of this deploy cannot start, and events wait in the outbox.",
                hint="Set REDIS_URL, e.g. redis://redis:6379/0 (see deploy/compose.yaml).",
                obj="REDIS_URL",
            )
        ]
    return [
        FACTOR.message(
            "I002",
            f"Events travel through Redis Streams at {url}, attached by REDIS_URL: the relay "
            "and the consumer connect there, and another Redis is a change of that variable.",
            hint="Nothing to do.",
            obj="REDIS_URL",
        )
    ]


def _event_bus():
    if sources.process_service() is not None:
        return _event_broker()
    bus = sources.event_bus_in_memory()
    if bus is None:
        return []
    return [
        FACTOR.message(
            "W002",
            f"Events travel on {bus}, which lives inside this process: no "
            "setting attaches a broker, so services in separate processes could not exchange "
            "events.",
            hint=f"Choose the bus backend by URL in the environment; Open edX's is Kafka or "
            f"Redis behind one interface ({OEP_52}).",
            obj=bus,
        )
    ]
