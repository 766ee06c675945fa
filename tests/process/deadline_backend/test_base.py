"""On PostgreSQL, every wait ends by the request's deadline: a slow statement is cancelled by the
server, a stopped server is given up on by the driver, and neither outlives the request."""

import contextlib

import environ
import psutil
import pytest
from django.db import OperationalError, connections

from campus.deadlines import Deadline, deadline_scope
from campus.process.deadline_backend import ENGINE, bounded
from campus.process.suspend import suspended

ALIAS = "deadline_backend"


@pytest.fixture(scope="module")
def database(cluster):
    [url] = cluster.databases_create([ALIAS]).values()
    given = {"default": {}, ALIAS: bounded(environ.Env.db_url_config(url))}
    connections.settings[ALIAS] = connections.configure_settings(given)[ALIAS]
    try:
        yield connections[ALIAS]
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


@contextlib.contextmanager
def stopped(cluster_server: psutil.Process):
    """Every process of the cluster stopped (``SIGSTOP``), as in a stall or a failover."""
    with suspended([cluster_server, *cluster_server.children(recursive=True)]):
        yield


def _postmaster(database) -> psutil.Process:
    with database.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [backend] = cursor.fetchone()
    return psutil.Process(backend).parent()


def _one(database, sql: str):
    with database.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_only_postgresql_moves_to_the_bounded_backend_with_libpqs_timeouts():
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}
    assert bounded(sqlite) == sqlite
    moved = bounded({"ENGINE": "django.db.backends.postgresql", "NAME": "x"})
    assert moved["ENGINE"] == ENGINE
    assert moved["OPTIONS"]["connect_timeout"] == 2
    assert moved["OPTIONS"]["keepalives"] == 1


def test_the_statement_timeout_follows_the_deadline_and_is_set_again_only_when_off(database):
    with deadline_scope(Deadline.after(0.8)):
        first = _one(database, "SHOW statement_timeout")
        kept = database.connection.statement_timeout_ms
        _one(database, "SELECT 1")
        assert database.connection.statement_timeout_ms == kept  # no second SET
    assert first.endswith("ms")
    assert 0 < int(first.removesuffix("ms")) <= 800
    with deadline_scope(Deadline.after(0.3)):
        shorter = _one(database, "SHOW statement_timeout")
    assert int(shorter.removesuffix("ms")) <= 300


def test_a_statement_past_the_deadline_is_cancelled_and_the_connection_kept(database):
    with deadline_scope(Deadline.after(0.3)), pytest.raises(OperationalError, match="timeout"):
        _one(database, "SELECT pg_sleep(5)")
    with deadline_scope(Deadline.after(1.0)):
        assert _one(database, "SELECT 1") == 1


def test_a_stopped_server_is_given_up_on_at_the_deadline_and_used_again_once_back(database):
    with deadline_scope(Deadline.after(1.0)):
        _one(database, "SELECT 1")
    with stopped(_postmaster(database)):
        # On the connection held, then on a new one: neither waits for the server.
        for _ in range(2):
            database.close_if_unusable_or_obsolete()  # what Django does as a request starts
            with deadline_scope(Deadline.after(0.3)), pytest.raises(OperationalError):
                _one(database, "SELECT 1")
    database.close_if_unusable_or_obsolete()
    with deadline_scope(Deadline.after(2.0)):
        assert _one(database, "SELECT 1") == 1
