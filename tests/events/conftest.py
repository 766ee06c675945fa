"""Fixtures for the Redis Streams tests: a throwaway redis-server, and databases shared with
worker processes."""

import os
import sys

import pytest
import redis
from django.db import connections

from campus.embedded.sqlite_templates import databases_reset
from campus.process.redis_server import RedisServer


@pytest.fixture
def redis_server():
    """A redis-server of this test's own on a free loopback port, keeping an append-only file
    (so it can be stopped and started again without losing anything)."""
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_client(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    yield client
    client.close()


@pytest.fixture
def worker_env(redis_server):
    """Fresh enrollments and credentials databases, and the environment under which a
    ``campus relay`` or ``campus consume`` process works on those very files."""
    databases_reset(["enrollments", "credentials"])
    folder = os.path.dirname(connections["credentials"].settings_dict["NAME"])
    yield {
        **os.environ,
        "CAMPUS_DATA_DIR": folder,
        "REDIS_URL": redis_server.url,
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    }
    connections.close_all()
