"""Every connection slot of a PostgreSQL cluster that the services may take, held by this
process: fault (g) of `campus.bench.stalls`.

    >>> with slots_held(cluster, urls["catalog"], spare="campus-bench"):   # doctest: +SKIP
    ...     time.sleep(30)  # each service refused: "remaining connection slots are reserved"

PostgreSQL keeps ``superuser_reserved_connections`` of its ``max_connections`` slots for
superusers (`its docs
<https://www.postgresql.org/docs/15/runtime-config-connection.html#GUC-SUPERUSER-RESERVED-CONNECTIONS>`_).
But a client takes a slot as it starts to connect and keeps it while it authenticates; only then
is a role that may not use the reserved slots refused. So services that reconnect in a loop,
each soon refused, fill the superuser's slots too, for moments: a superuser connecting then is
refused as well ("sorry, too many clients already"). The superuser's connection is therefore
opened first, while slots are free, and kept for the whole fault.

Services reconnect as fast as their connections are ended, so a slot freed goes to whoever asks
first. While the slots are taken, the services' databases accept no new connection
(``ALLOW_CONNECTIONS``, `ALTER DATABASE
<https://www.postgresql.org/docs/15/sql-alterdatabase.html>`_), and they are taken through the
``postgres`` database, which every role may connect to.
"""

import contextlib

import psycopg
from psycopg import sql

from campus.waits import wait_until

__all__ = ["SEIZE_S", "slots_held"]

SEIZE_S = 30.0  # how long taking every slot may take
# The slots a role without reserved ones may take (reserved_connections is new in 16).
_USABLE = (
    "SELECT current_setting('max_connections')::int"
    " - current_setting('superuser_reserved_connections')::int"
    " - coalesce(current_setting('reserved_connections', true)::int, 0)"
)
_OPEN = "SELECT datname FROM pg_database WHERE datallowconn AND datname <> 'postgres'"
_END_OTHERS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
    " AND backend_type = 'client backend' AND application_name <> %s"
)
# Ours: the superuser's connection and every one named ``spare``.
_HELD = (
    "SELECT count(*) FILTER (WHERE pid = pg_backend_pid() OR application_name = %s), count(*)"
    " FROM pg_stat_activity WHERE backend_type = 'client backend'"
)


@contextlib.contextmanager
def slots_held(cluster, url: str, *, spare: str):
    """For the block, each slot a role without reserved ones may take is held by a connection as
    ``url``'s role or by one named ``spare`` (libpq's ``application_name``: the caller's own,
    opened before and kept); every other client's connection is ended. TimeoutError after
    `SEIZE_S`."""
    with cluster.admin() as admin, contextlib.ExitStack() as held:
        usable = admin.execute(_USABLE).fetchone()[0]

        def seized() -> bool:
            for connection in _slots_taken(url, name=spare):
                held.enter_context(connection)
            admin.execute(_END_OTHERS, [spare])
            ours, clients = admin.execute(_HELD, [spare]).fetchone()
            # A client still authenticating holds a slot too, unseen: it is counted once gone.
            return ours == clients and ours >= usable

        with _closed(admin, [name for (name,) in admin.execute(_OPEN)]):
            wait_until(seized, timeout=SEIZE_S, interval=0.01, what="every connection slot held")
        yield


@contextlib.contextmanager
def _closed(admin: psycopg.Connection, databases: list[str]):
    """``databases`` accept no new connection for the block (those open stay)."""
    allow = "ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}"
    for name in databases:
        admin.execute(sql.SQL(allow).format(sql.Identifier(name), sql.SQL("false")))
    try:
        yield
    finally:
        for name in databases:
            admin.execute(sql.SQL(allow).format(sql.Identifier(name), sql.SQL("true")))


def _slots_taken(url: str, *, name: str) -> list:
    """Connections as ``url``'s role, to the ``postgres`` database, until PostgreSQL refuses one."""
    taken = []
    with contextlib.suppress(psycopg.OperationalError):
        while True:
            connection = psycopg.connect(
                url, dbname="postgres", connect_timeout=2, application_name=name
            )
            taken.append(connection)
    return taken
