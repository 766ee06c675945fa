"""The backing services of ``campus up``: attached by URL when the environment gives one
(twelve-factor IV), otherwise throwaway ones of its own on free 127.0.0.1 ports.

- PostgreSQL: ``CAMPUS_<NAME>_DATABASE_URL`` for every process type that owns data, or a new
  cluster with a database and a role per service (`campus.process.postgres`).
- Redis: ``REDIS_URL``, or a ``redis-server`` without persistence (`campus.process.redis_server`):
  events wait in the outboxes while it is down, and a throwaway platform keeps nothing anyway.
"""

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from campus.django_base import ConfigurationError

from .environment import database_variable, owns_data
from .postgres import Cluster, ClusterFailed
from .redis_server import RedisServer

__all__ = ["databases_attach_or_create", "output_relay", "redis_attach_or_start"]


def databases_attach_or_create(names, printer, data_dir):
    """``(urls by process type, postgres server or None, folder or None)``. Raises
    SystemExit when only some of the URLs are given."""
    wanted = [n for n in names if owns_data(n)]
    variables = {n: database_variable(n) for n in wanted}
    given = {n: os.environ[v] for n, v in variables.items() if v in os.environ}
    if given:
        missing = [v for n, v in variables.items() if n not in given]
        if missing:
            raise SystemExit(f"campus up: set {', '.join(missing)} too, or none of them")
        printer.line("system", f"attached to the databases in {', '.join(sorted(given))}\n")
        return given, None, None
    if data_dir and Path(data_dir).exists() and not Path(data_dir).is_dir():
        raise ConfigurationError(f"--data-dir {data_dir} is not a folder")
    folder = (
        Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="campus-pg-", dir=_scratch()))
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


def redis_attach_or_start(printer) -> tuple[str, RedisServer | None]:
    """``(REDIS_URL, our server or None)``: the URL given, or a throwaway server's."""
    given = os.environ.get("REDIS_URL")
    if given:
        printer.line("system", "attached to Redis at REDIS_URL\n")
        return given, None
    server = RedisServer(appendonly=False).start()
    printer.line("system", f"started redis-server on 127.0.0.1:{server.port} (no persistence)\n")
    return server.url, server


def output_relay(name, stream, printer) -> None:
    """Print each line of ``stream`` prefixed with ``name``, until it closes."""
    for raw in iter(stream.readline, b""):
        printer.line(name, raw.decode(errors="replace"))
    stream.close()


def _scratch() -> str | None:
    """Memory-backed /dev/shm when it has room: a throwaway cluster (about 80 MB) then starts and
    is removed without touching the disk. None means the usual temporary folder."""
    try:
        room = shutil.disk_usage("/dev/shm").free
    except OSError:
        return None
    return "/dev/shm" if room > 1 << 30 and os.access("/dev/shm", os.W_OK) else None
