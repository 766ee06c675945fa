"""X. Dev/prod parity: keep development, staging and production as similar as possible.

Under `campus up` both architectures run on the backing services a deploy has (PostgreSQL, Redis);
`campus serve` and the notebooks use SQLite and an in-process bus, and say so. The audit refuses
a mix of database engines, where a query that passes on one fails on the other.
DEBUG changes what Django does (HTML tracebacks, a log of every query kept in memory), so with
it on, what is tried is not what runs.
"""

from django.conf import settings

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "check"]

FACTOR = factor_get("X")


def check(app_configs=None, **kwargs):
    return [*_mixed_engines(), *_debug()]


def _mixed_engines():
    engines: dict[str, list[str]] = {}
    for alias, db in sorted(sources.databases().items()):
        engines.setdefault(db.get("ENGINE", "?"), []).append(alias)
    if len(engines) <= 1:
        return []
    mix = "; ".join(f"{engine}: {', '.join(aliases)}" for engine, aliases in engines.items())
    return [
        FACTOR.message(
            "W001",
            f"The databases use different engines ({mix}): code tried on one runs on another.",
            hint="Use one database engine for every service and every architecture.",
            obj="settings.DATABASES",
        )
    ]


def _debug():
    if not settings.DEBUG:
        return []
    return [
        FACTOR.message(
            "W002",
            "DEBUG is on: errors render as HTML tracebacks and every query is kept in memory, "
            "so this process behaves unlike a deploy.",
            hint="Keep DEBUG off everywhere; read logs and traces instead.",
            obj="DEBUG",
        )
    ]
