"""No Redis call waits for ever: a stopped Redis (SIGSTOP) ends a request's call soon, the next
ones at once, and
every worker's client and Celery's broker carry a timeout."""

import contextlib

import psutil
import pytest
import redis
import redis.retry

from campus.assembly import redis_clients
from campus.assembly.redis_clients import (
    CONNECT_TIMEOUT_S,
    REQUEST_TIMEOUT_S,
    WORKER_RETRY_PAUSE_S,
    WORKER_TIMEOUT_S,
    redis_client,
    request_redis_client,
)
from campus.assembly.tasks import task_app
from campus.process.loopback import free_port
from campus.process.redis_server import RedisServer
from campus.process.suspend import suspended
from campus.waits import wait_until


@pytest.fixture(scope="module")
def server():
    with RedisServer(appendonly=False) as started:
        yield started


@contextlib.contextmanager
def stopped(server: RedisServer):
    root = psutil.Process(server.process.pid)
    with suspended([root, *root.children(recursive=True)]):
        yield


def test_a_request_clients_call_to_a_stopped_redis_fails_then_fails_at_once_for_a_while(
    server, monkeypatch
):
    client = request_redis_client(server.url)
    try:
        assert client.ping()
        with stopped(server):
            with pytest.raises(redis.TimeoutError):
                client.ping()
            # Not asked again for a while: the next calls fail without a timeout each.
            with pytest.raises(redis.ConnectionError, match="not asked again yet"):
                client.get("x")
        monkeypatch.setattr(redis_clients, "AWAY_S", 0.0)
        wait_until(lambda: _pings(client), timeout=5, interval=0.1, what="Redis back")
    finally:
        client.close()


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def test_every_worker_client_carries_a_connect_and_a_socket_timeout(server):
    client = redis_client(server.url, client_name="campus:test")
    try:
        given = client.connection_pool.connection_kwargs
        assert given["socket_timeout"] == WORKER_TIMEOUT_S
        assert given["socket_connect_timeout"] == CONNECT_TIMEOUT_S
        assert client.client_getname() == "campus:test"
    finally:
        client.close()
    assert REQUEST_TIMEOUT_S < WORKER_TIMEOUT_S


def test_a_worker_clients_call_to_a_redis_that_is_gone_pauses_little_before_it_fails(
    monkeypatch,
):
    # A worker notices its stop between two calls: redis-py's default pauses (up to 10 s each,
    # three of them) kept a consumer of a killed campus up running for 15 s and more.
    port = free_port()  # nothing listens there: every try is refused at once
    slept = []
    monkeypatch.setattr(redis.retry, "sleep", slept.append)
    client = redis_client(f"redis://127.0.0.1:{port}/0")
    try:
        with pytest.raises(redis.ConnectionError):
            client.ping()
    finally:
        client.close()
    assert len(slept) == 3
    assert all(0 <= pause <= WORKER_RETRY_PAUSE_S for pause in slept)


def test_celerys_broker_connections_carry_the_same_timeouts(server):
    options = task_app(server.url).conf.broker_transport_options
    assert options["socket_timeout"] == WORKER_TIMEOUT_S
    assert options["socket_connect_timeout"] == CONNECT_TIMEOUT_S
