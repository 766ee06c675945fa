"""The backing services of ``campus up``: attached by URL when the environment gives one
(twelve-factor IV), otherwise throwaway ones of its own on free 127.0.0.1 ports.

- PostgreSQL: ``CAMPUS_<NAME>_DATABASE_URL`` for every process type that owns data, or a new
  cluster with a database and a role per service (`campus.process.postgres`).
- Redis: ``REDIS_URL``, or a ``redis-server`` of our own (`campus.process.redis_server`) with an
  append-only file and a password, run under the process manager like every other process.
"""

import os
import secrets
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import redis

from campus.assembly.config import ConfigurationError, database_variable, given, owns_data

from .postgres import Cluster, ClusterFailed
from .redis_server import RedisServer

__all__ = ["databases_attach_or_create", "output_relay", "redis_attach_or_plan", "scratch_folder"]


def databases_attach_or_create(names, printer, data_dir):
    """``(urls by process type, postgres server or None, folder or None)``. Raises
    SystemExit when only some of the URLs are given."""
    wanted = [n for n in names if owns_data(n)]
    variables = {n: database_variable(n) for n in wanted}
    urls = {n: given(os.environ, v) for n, v in variables.items()}
    attached = {n: url for n, url in urls.items() if url}
    if attached:
        missing = [v for n, v in variables.items() if n not in attached]
        if missing:
            raise SystemExit(f"campus up: set {', '.join(missing)} too, or none of them")
        printer.line("system", f"attached to the databases in {', '.join(sorted(attached))}\n")
        return attached, None, None
    if data_dir and Path(data_dir).exists() and not Path(data_dir).is_dir():
        raise ConfigurationError(f"--data-dir {data_dir} is not a folder")
    folder = (
        Path(data_dir)
        if data_dir
        else Path(tempfile.mkdtemp(prefix="campus-pg-", dir=scratch_folder()))
    )
    cluster = Cluster(folder)
    try:
        server = cluster.start(stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except (ClusterFailed, OSError) as exc:
        if not data_dir:
            shutil.rmtree(folder, ignore_errors=True)  # nothing of ours is left behind
        raise ConfigurationError(f"no PostgreSQL cluster could start in {folder}: {exc}") from exc
    threading.Thread(
        target=output_relay, args=("postgres", server.stdout, printer), daemon=True
    ).start()
    return cluster.databases_create(wanted), server, folder


def redis_attach_or_plan(printer, folder: str) -> tuple[str, RedisServer | None]:
    """``(REDIS_URL, None)`` when the environment gives a Redis that answers, else the URL of a
    server of our own, not yet started: ``campus up`` runs it under its process manager, which
    starts it again if it dies. It keeps an append-only file in ``folder`` (fsync on every write;
    memory-backed /dev/shm when there is room), so a restart loses no event that was relayed and
    not yet consumed, and it asks for a password, so only the processes given the URL reach it.

    Raises `ConfigurationError` naming REDIS_URL when it is not a Redis URL or does not answer.
    """
    url = given(os.environ, "REDIS_URL")
    if not url:
        server = RedisServer(appendonly=True, password=secrets.token_urlsafe(24), folder=folder)
        printer.line("system", f"redis-server on 127.0.0.1:{server.port} (append-only, password)\n")
        return server.url, server
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    except ValueError as exc:
        raise ConfigurationError(f"REDIS_URL is not a Redis URL: {exc}") from None
    try:
        client.ping()
    except redis.RedisError as exc:
        raise ConfigurationError(f"REDIS_URL does not answer: {exc}") from None
    finally:
        client.close()
    printer.line("system", "attached to Redis at REDIS_URL\n")
    return url, None


def output_relay(name, stream, printer) -> None:
    """Print each line of ``stream`` prefixed with ``name``, until it closes."""
    for raw in iter(stream.readline, b""):
        printer.line(name, raw.decode(errors="replace"))
    stream.close()


def scratch_folder() -> str | None:
    """Memory-backed /dev/shm when it has room: a throwaway cluster (about 80 MB) then starts and
    is removed without touching the disk. None means the usual temporary folder."""
    try:
        room = shutil.disk_usage("/dev/shm").free
    except OSError:
        return None
    return "/dev/shm" if room > 1 << 30 and os.access("/dev/shm", os.W_OK) else None
