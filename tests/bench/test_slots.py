"""Every connection slot the services may take held (`campus.bench.slots`), on a cluster of the
test's own: a service's connection ended, the caller's own kept, and the superuser never locked
out, though the service's workers fill its reserved slots while they authenticate again."""

import shutil
import socket
import struct
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest

from campus.bench.slots import slots_held
from campus.process.postgres import Cluster

OURS = "test-slots"
RECONNECTS = 10  # workers connecting again at once: more than the superuser's reserved slots


@pytest.fixture(scope="module")
def catalog():
    """A cluster of this module's own (the test fills every slot), and the catalog's URL."""
    # Directly under /tmp: as root the server runs as the postgres user (see conftest's cluster).
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="campus-test-slots-")))
    server = cluster.start()
    try:
        yield cluster, cluster.databases_create(["catalog"])["catalog"]
    finally:
        Cluster.stop(server)
        shutil.rmtree(cluster.folder, ignore_errors=True)


def _authenticating(port: int, role: str) -> socket.socket | None:
    """A client that started to connect as ``role`` and leaves PostgreSQL's password challenge
    unanswered: it holds a slot meanwhile. None when PostgreSQL had no slot for it."""
    startup = struct.pack("!i", 196608) + f"user\0{role}\0database\0{role}\0\0".encode()
    client = socket.create_connection(("127.0.0.1", port), timeout=5)
    client.sendall(struct.pack("!i", len(startup) + 4) + startup)
    if client.recv(1) == b"R":  # the challenge: past the slot, not yet authenticated
        return client
    client.close()
    return None


def _service(url: str, port: int, connected: threading.Event, ended: list) -> None:
    """A service's connection, busy until ended; then its workers connect again at once, each
    holding a slot while it authenticates (a moment here) before it is refused."""
    connection = psycopg.connect(url)
    connected.set()
    try:
        connection.execute("SELECT pg_sleep(60)")
    except psycopg.errors.AdminShutdown as exc:
        ended.append(exc)
    finally:
        connection.close()
    clients = [_authenticating(port, "catalog") for _ in range(RECONNECTS)]
    time.sleep(0.5)
    for client in filter(None, clients):
        client.close()


def test_every_slot_is_held_the_callers_own_kept_and_the_superuser_never_locked_out(catalog):
    cluster, url = catalog
    connected, ended = threading.Event(), []
    service = threading.Thread(target=_service, args=(url, cluster.port, connected, ended))
    service.start()
    with psycopg.connect(url, application_name=OURS, autocommit=True) as own:
        pid = own.info.backend_pid
        assert connected.wait(30)
        with slots_held(cluster, url, spare=OURS):
            assert [type(exc) for exc in ended] == [psycopg.errors.AdminShutdown]
            # The caller's own connection still answers, from the same backend.
            assert own.execute("SELECT pg_backend_pid()").fetchone() == (pid,)
            with pytest.raises(psycopg.OperationalError, match="slots are reserved"):
                psycopg.connect(url, connect_timeout=2).close()
    service.join(30)
    # Every slot given back: the service connects again.
    psycopg.connect(url, connect_timeout=2).close()
