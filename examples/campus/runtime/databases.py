"""Which database a query may touch, and fresh databases for every start.

Each request (or event delivery) runs inside a `DatabaseScope` naming the service at work and the
aliases it owns. The router sends a query to that alias, and refuses loudly when a service reaches
for another service's tables: in a real deployment that database would not even be reachable.
"""

import contextvars
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connections

from campus.registry import app_owner

__all__ = [
    "CrossServiceQuery",
    "DatabaseScope",
    "NoServiceBound",
    "ServiceRouter",
    "database_scope",
    "databases_reset",
]


class CrossServiceQuery(RuntimeError):
    """A service queried tables that belong to another service."""


class NoServiceBound(RuntimeError):
    """A query ran outside any service's scope, so no database can be chosen."""


@dataclass(frozen=True)
class DatabaseScope:
    service: str
    aliases: dict[str, str]  # app label -> database alias

    def alias_for(self, app_label: str) -> str:
        try:
            return self.aliases[app_label]
        except KeyError:
            raise CrossServiceQuery(
                f"{self.service} tried to query the {app_label} service's database; "
                f"ask {app_label} over HTTP or listen to its events instead"
            ) from None


_scope: contextvars.ContextVar[DatabaseScope | None] = contextvars.ContextVar(
    "campus_database_scope", default=None
)


@contextmanager
def database_scope(scope: DatabaseScope):
    """Run the block as ``scope.service``: its queries go to its own database only."""
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


class ServiceRouter:
    """Django database router driven by the current `DatabaseScope`."""

    def _alias(self, model):
        scope = _scope.get()
        if scope is None:
            raise NoServiceBound(
                f"query on {model._meta.label} outside any service; wrap it in "
                "campus.runtime.databases.database_scope(...) or use .using(alias)"
            )
        return scope.alias_for(model._meta.app_label)

    def db_for_read(self, model, **hints):
        return self._alias(model)

    def db_for_write(self, model, **hints):
        return self._alias(model)

    def allow_relation(self, obj1, obj2, **hints):
        return obj1._state.db == obj2._state.db

    def allow_migrate(self, db, app_label, **hints):
        from .settings import MONOLITH_ALIAS  # settings imports this module's path lazily

        return db == MONOLITH_ALIAS or db == app_owner(app_label)


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
