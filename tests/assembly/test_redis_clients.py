"""No Redis call waits for ever: a stopped Redis (SIGSTOP) ends a request's call at once, and
every worker's client and Celery's broker carry a timeout."""

import contextlib
import signal

import psutil
import pytest
import redis

from campus.assembly.redis_clients import (
    CONNECT_TIMEOUT_S,
    REQUEST_TIMEOUT_S,
    WORKER_TIMEOUT_S,
    redis_client,
    request_redis_client,
)
from campus.assembly.tasks import task_app
from campus.process.redis_server import RedisServer


@pytest.fixture(scope="module")
def server():
    with RedisServer(appendonly=False) as started:
        yield started


@contextlib.contextmanager
def stopped(server: RedisServer):
    root = psutil.Process(server.process.pid)
    processes = [root, *root.children(recursive=True)]
    for process in processes:
        process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        for process in processes:
            process.send_signal(signal.SIGCONT)


def test_a_request_clients_call_to_a_stopped_redis_fails_instead_of_waiting(server):
    client = request_redis_client(server.url)
    try:
        assert client.ping()
        with stopped(server), pytest.raises(redis.TimeoutError):
            client.ping()
        assert client.ping()  # and works again once Redis is back
    finally:
        client.close()


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


def test_celerys_broker_connections_carry_the_same_timeouts(server):
    options = task_app(server.url).conf.broker_transport_options
    assert options["socket_timeout"] == WORKER_TIMEOUT_S
    assert options["socket_connect_timeout"] == CONNECT_TIMEOUT_S
