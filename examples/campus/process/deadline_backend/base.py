"""Django's PostgreSQL backend, every wait on the server bounded by the request's deadline.

The server's ``statement_timeout`` ends a slow statement, but a server that is stopped (a
``SIGSTOP``, a failover, a lost host) ends nothing: the kernel still acknowledges every packet,
so neither TCP keepalives nor ``tcp_user_timeout`` notice, and a thread would wait for ever.
So three bounds, each for what the others miss:

- the driver's waits (psycopg's ``Connection.wait``, and the connect's steps) give up once the
  `campus.deadlines` deadline of the request has passed, plus `CLIENT_GRACE_S`, and close the
  connection: Django then opens a new one for the next request;
- ``statement_timeout`` follows the deadline, so the server itself stops work nobody waits for;
  it is SET only when the value in force is off by more than `TOLERANCE_MS`, so a request
  usually costs no extra round trip;
- ``connect_timeout`` and TCP keepalives (`bounded`) for work outside any request.

    >>> DATABASES = {"catalog": bounded(env.db_url("DATABASE_URL"))}   # doctest: +SKIP
"""

import time

import psycopg
from django.db.backends.postgresql import base
from psycopg import errors, pq

from campus.deadlines import Deadline, current_deadline, deadline_scope

__all__ = [
    "CLIENT_GRACE_S",
    "ENGINE",
    "TOLERANCE_MS",
    "DatabaseWrapper",
    "DeadlineConnection",
    "DeadlinePassed",
    "bounded",
]

ENGINE = __name__.rpartition(".")[0]
# How far a statement may outlive the deadline on the server, and how much longer the driver
# waits before it gives up on the server: the server's cancel usually comes first, and keeps the
# connection.
TOLERANCE_MS = 50
CLIENT_GRACE_S = 0.1
USABLE_CHECK_S = 1.0  # how long a check of a connection may take outside any request
# libpq's own settings (psycopg passes them on): a connect gives up after two seconds (libpq's
# least), and a server whose host is gone is noticed in under 15 s rather than two hours.
_OPTIONS = {
    "connect_timeout": 2,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,  # ms that sent data may stay unacknowledged
}


def bounded(database: dict) -> dict:
    """``database`` (a DATABASES entry) on this backend with libpq's timeouts, when it is
    PostgreSQL; any other database as it is."""
    if database.get("ENGINE") != "django.db.backends.postgresql":
        return database
    return {**database, "ENGINE": ENGINE, "OPTIONS": {**_OPTIONS, **database.get("OPTIONS", {})}}


class DeadlinePassed(psycopg.OperationalError):
    """PostgreSQL did not answer before the request's deadline; the connection was closed.

    An ``OperationalError``, as the server's own cancel (``QueryCanceled``) is: Django raises
    both as ``django.db.OperationalError``, which the services answer 503."""


def _left_s() -> float | None:
    deadline = current_deadline()
    return None if deadline is None else deadline.remaining() + CLIENT_GRACE_S


def _until_deadline(gen):
    """psycopg's connect generator, stopped once the deadline (and grace) has passed: psycopg
    wakes it every 0.1 s even while the socket is silent."""
    deadline = current_deadline()
    if deadline is None:
        return (yield from gen)
    ends = deadline.at + CLIENT_GRACE_S
    try:
        wait = next(gen)
        while True:
            reply = yield wait
            if time.monotonic() >= ends:
                raise errors.ConnectionTimeout("no connection to PostgreSQL before the deadline")
            wait = gen.send(reply)
    except StopIteration as done:
        return done.value


class DeadlineConnection(psycopg.Connection):
    """psycopg's connection, its waits bounded by the current deadline."""

    statement_timeout_ms: int | None = None  # the value SET in force, when known
    set_in_transaction = False

    @classmethod
    def _connect_gen(cls, *args, **kwargs):
        return _until_deadline(super()._connect_gen(*args, **kwargs))

    def wait(self, gen, interval=0.1, timeout=None):
        left = _left_s()
        if left is not None:
            timeout = left if timeout is None else min(timeout, left)
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except errors._WaitTimeout:
            # Mid-statement: the protocol state is lost, the connection cannot be used again.
            self.close()
            raise DeadlinePassed("PostgreSQL did not answer before the deadline") from None


def _statement_deadline(execute, sql, params, many, context):
    """Django execute wrapper: keep ``statement_timeout`` within `TOLERANCE_MS` of the time the
    request has left, before the statement runs."""
    deadline = current_deadline()
    wrapper = context["connection"]
    if deadline is not None and isinstance(wrapper.connection, DeadlineConnection):
        with wrapper.wrap_database_errors:  # raised as Django's errors, as the statement's are
            _timeout_keep(wrapper.connection, max(1, int(deadline.remaining() * 1000)))
    return execute(sql, params, many, context)


def _timeout_keep(raw: DeadlineConnection, left_ms: int) -> None:
    status = raw.info.transaction_status
    if status == pq.TransactionStatus.INERROR:
        return  # the statement fails anyway, and so would a SET
    if raw.set_in_transaction and status == pq.TransactionStatus.IDLE:
        # A SET inside a transaction is undone if it rolled back: no longer known.
        raw.statement_timeout_ms = None
    current = raw.statement_timeout_ms
    if current is not None and abs(current - left_ms) <= TOLERANCE_MS:
        return
    raw.execute(f"SET statement_timeout = {int(left_ms)}")
    raw.statement_timeout_ms = left_ms
    raw.set_in_transaction = status != pq.TransactionStatus.IDLE


class _Driver:
    """psycopg as Django's backend sees it, except that it connects with `DeadlineConnection`."""

    def __getattr__(self, name):
        return getattr(psycopg, name)

    @staticmethod
    def connect(*args, **kwargs) -> DeadlineConnection:
        return DeadlineConnection.connect(*args, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Driver()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(_statement_deadline)

    def is_usable(self) -> bool:
        # Django asks after a failed request, from request_finished: once the answer is sent,
        # outside its deadline. Unbounded, a stopped server would hold that thread for ever.
        if current_deadline() is not None:
            return super().is_usable()
        with deadline_scope(Deadline.after(USABLE_CHECK_S)):
            return super().is_usable()
