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
"""

import contextlib

import psycopg

from campus.waits import wait_until

__all__ = ["END_WAIT_MS", "SEIZE_S", "slots_held"]

SEIZE_S = 30.0  # how long taking every slot may take, the services reconnecting meanwhile
END_WAIT_MS = 2000  # how long to wait for an ended backend to exit, so its slot can be taken
# The slots a role without reserved ones may take (reserved_connections is new in 16).
_USABLE = (
    "SELECT current_setting('max_connections')::int"
    " - current_setting('superuser_reserved_connections')::int"
    " - coalesce(current_setting('reserved_connections', true)::int, 0)"
)
_END_OTHERS = (
    "SELECT pg_terminate_backend(pid, %s) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
    " AND backend_type = 'client backend' AND application_name <> %s"
)
# Ours: the superuser's connection and every one named ``spare``.
_HELD = (
    "SELECT count(*) FILTER (WHERE pid = pg_backend_pid() OR application_name = %s), count(*)"
    " FROM pg_stat_activity WHERE backend_type = 'client backend'"
)


@contextlib.contextmanager
def slots_held(cluster, url: str, *, spare: str):
    """For the block, each slot a role without reserved ones may take is held by a connection to
    ``url`` or by one named ``spare`` (libpq's ``application_name``: the caller's own, opened
    before and kept); every other client's connection is ended. TimeoutError after `SEIZE_S`."""
    with cluster.admin() as admin, contextlib.ExitStack() as held:
        usable = admin.execute(_USABLE).fetchone()[0]

        def seized() -> bool:
            for connection in _slots_taken(url, name=spare):
                held.enter_context(connection)
            # Waits until each has exited: a slot is free only then.
            admin.execute(_END_OTHERS, [END_WAIT_MS, spare])
            ours, clients = admin.execute(_HELD, [spare]).fetchone()
            # A client still authenticating holds a slot too, unseen: it is counted once gone.
            return ours == clients and ours >= usable

        wait_until(seized, timeout=SEIZE_S, interval=0.01, what="every connection slot held")
        yield


def _slots_taken(url: str, *, name: str) -> list:
    """Connections to ``url`` until PostgreSQL refuses one."""
    taken = []
    with contextlib.suppress(psycopg.OperationalError):
        while True:
            taken.append(psycopg.connect(url, connect_timeout=2, application_name=name))
    return taken
