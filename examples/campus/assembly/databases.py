"""Which database a query may touch.

Each request (or event delivery) runs inside a `DatabaseScope` naming the service at work and the
aliases it owns. The router sends a query to that alias, and refuses loudly when a service reaches
for another service's tables: in a real deployment that database would not even be reachable.

The router is asked only about a query that names no database. A query that names one
(``.using("catalog")``, ``connections["catalog"].cursor()``) never reaches it, so for the length of
the scope every other alias's connection also runs a guard (Django's ``execute_wrapper``) that
refuses any statement while the service at work does not own that alias. Code that runs outside
any scope, such as a thread it starts itself, is not checked: a process of its own is the wall.
"""

import contextvars
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from django.db import connections

from campus.context_scope import context_set
from campus.registry import SERVICES, app_owner

__all__ = [
    "DATA_ALIASES",
    "MONOLITH_ALIAS",
    "CrossServiceQuery",
    "DatabaseScope",
    "NoServiceBound",
    "ServiceRouter",
    "database_scope",
]

MONOLITH_ALIAS = "monolith"
# One database per service that owns data, plus one for the monolith holding every table.
DATA_ALIASES = tuple(s.name for s in SERVICES if s.owns_data)


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
    """Run the block as ``scope.service``: its queries go to its own database only, and a query
    on another alias raises `CrossServiceQuery` before it is sent."""
    own = set(scope.aliases.values())
    with context_set(_scope, scope), ExitStack() as guards:
        for alias in connections:
            if alias not in own:
                guards.enter_context(connections[alias].execute_wrapper(_AliasGuard(alias)))
        yield scope


class _AliasGuard:
    """An execute wrapper on one alias's connection: the statement runs only when the service
    at work owns that alias. It asks the current scope, not the one that installed it, so a
    scope nested inside another (an event handled inline) may use its own database."""

    def __init__(self, alias: str):
        self.alias = alias

    def __call__(self, execute, sql, params, many, context):
        scope = _scope.get()
        if scope is not None and self.alias not in scope.aliases.values():
            raise CrossServiceQuery(
                f"{scope.service} sent a query to the {self.alias} database, which is not its "
                f"own; ask {self.alias} over HTTP or listen to its events instead"
            )
        return execute(sql, params, many, context)


class ServiceRouter:
    """Django database router driven by the current `DatabaseScope`."""

    def _alias(self, model):
        scope = _scope.get()
        if scope is None:
            raise NoServiceBound(
                f"query on {model._meta.label} outside any service; wrap it in "
                "campus.assembly.databases.database_scope(...) or use .using(alias)"
            )
        return scope.alias_for(model._meta.app_label)

    def db_for_read(self, model, **hints):
        return self._alias(model)

    def db_for_write(self, model, **hints):
        return self._alias(model)

    def allow_relation(self, obj1, obj2, **hints):
        return obj1._state.db == obj2._state.db

    def allow_migrate(self, db, app_label, **hints):
        return db == MONOLITH_ALIAS or db == app_owner(app_label)
