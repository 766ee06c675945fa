"""Run a block of code as one service, on its own database, then close the connections the
block opened.

    >>> with running_as(platform.apps["catalog"].scope):                # doctest: +SKIP
    ...     catalog.course_create(key=..., title=..., start=..., end=..., events=outbox)

A notebook's thread keeps its Django connections open until told otherwise; the next start of a
platform restores every service's database file, which is clean only when nothing holds it open.
"""

import contextlib
from collections.abc import Iterator

from django.db import connections

from campus.assembly.databases import DatabaseScope, database_scope

__all__ = ["running_as"]


@contextlib.contextmanager
def running_as(scope: DatabaseScope) -> Iterator[DatabaseScope]:
    """`campus.embedded.database_scope`, and this thread's database connections closed on the way
    out, whether the block raised or not."""
    try:
        with database_scope(scope):
            yield scope
    finally:
        connections.close_all()
