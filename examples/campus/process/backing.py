"""The backing services of ``campus up``: attached by URL when the environment gives one
(twelve-factor IV), otherwise throwaway ones of its own on free 127.0.0.1 ports.

- PostgreSQL: ``CAMPUS_<NAME>_DATABASE_URL`` for every process type that owns data, or a new
  cluster with a database and a role per service (`campus.process.postgres`).
- Redis: ``REDIS_URL``, or a ``redis-server`` of our own (`campus.process.redis_server`) with an
  append-only file and a password, run under the process manager like every other process.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import redis

from campus.assembly.config import (
    ConfigurationError,
    database_variable,
    given,
    owns_data,
    seed_variables,
)

from .cluster_template import template_copy
from .postgres import Cluster, ClusterFailed
from .redis_server import RedisServer
from .release import MIGRATED, RELEASE_DATABASES, TEMPLATE_COPY

__all__ = [
    "Release",
    "databases_attach_or_create",
    "output_relay",
    "redis_attach_or_plan",
    "release_run",
    "scratch_folder",
]


def databases_attach_or_create(names, printer, data_dir):
    """``(urls by process type, postgres server or None, folder or None, copied)``. Raises
    SystemExit when only some of the URLs are given. A new cluster (throwaway, or in a
    ``data_dir`` that holds none yet) starts from a copy of the migrated template
    (`campus.process.cluster_template`), and ``copied`` is True: its databases hold every
    migration of this code already. One already in ``data_dir`` is started as it is."""
    wanted = [n for n in names if owns_data(n)]
    variables = {n: database_variable(n) for n in wanted}
    urls = {n: given(os.environ, v) for n, v in variables.items()}
    attached = {n: url for n, url in urls.items() if url}
    if attached:
        missing = [v for n, v in variables.items() if n not in attached]
        if missing:
            raise SystemExit(f"campus up: set {', '.join(missing)} too, or none of them")
        printer.line("system", f"attached to the databases in {', '.join(sorted(attached))}\n")
        return attached, None, None, False
    if data_dir and Path(data_dir).exists() and not Path(data_dir).is_dir():
        raise ConfigurationError(f"--data-dir {data_dir} is not a folder")
    folder = (
        Path(data_dir)
        if data_dir
        else Path(tempfile.mkdtemp(prefix="campus-pg-", dir=scratch_folder()))
    )
    cluster = Cluster(folder)
    fresh = not cluster.initialized
    try:
        if fresh:
            _template_copy(folder, wanted, printer)
        server = cluster.start(stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except (ClusterFailed, OSError) as exc:
        if not data_dir:
            shutil.rmtree(folder, ignore_errors=True)  # nothing of ours is left behind
        raise ConfigurationError(f"no PostgreSQL cluster could start in {folder}: {exc}") from exc
    threading.Thread(
        target=output_relay, args=("postgres", server.stdout, printer), daemon=True
    ).start()
    return cluster.databases_create(wanted), server, folder, fresh


def _template_copy(folder: Path, names, printer) -> None:
    def migrate(urls: dict[str, str]) -> None:
        printer.line("system", "no migrated template for these migrations yet: making it once\n")
        # Throwaway accounts and secrets: each run's release stores its own over them.
        seeds = {v: secrets.token_urlsafe(16) for n in names for v in seed_variables(n)}
        release_run(urls, printer, seeds)

    template_copy(folder, names, migrate=migrate, scratch=scratch_folder())


class Release:
    """The release step (`campus.process.release`) for every database, in one process, storing
    the identity's accounts with ``seeds``: `migrated` returns once the schema is there (the web
    processes may start), `finished` once the accounts are stored too."""

    def __init__(
        self, databases: dict[str, str], printer, seeds: dict[str, str], *, copied: bool = False
    ):
        env = {**os.environ, **seeds, RELEASE_DATABASES: json.dumps(databases)}
        if copied:  # a fresh copy of the template built for these migrations: nothing to apply
            env[TEMPLATE_COPY] = "on"
        env["PYTHONUNBUFFERED"] = "1"
        env.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "-m", "campus.process.release"]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self._migrated = threading.Event()
        self._relay = threading.Thread(target=self._lines, args=(printer,), daemon=True)
        self._relay.start()

    def _lines(self, printer) -> None:
        for raw in iter(self.process.stdout.readline, b""):
            text = raw.decode(errors="replace")
            printer.line("release", text)
            if text.strip() == MIGRATED:
                self._migrated.set()
        self.process.stdout.close()

    def migrated(self) -> None:
        """Wait for the schema; SystemExit when the release failed before it."""
        while not self._migrated.wait(0.05):
            if self.process.poll() is not None:
                self._relay.join()  # every line read before the verdict
                if self._migrated.is_set():
                    return
                raise SystemExit("campus up: the release step failed (see above)")

    def finished(self) -> bool:
        """Wait for the whole release; whether it succeeded."""
        code = self.process.wait()
        self._relay.join()
        return code == 0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def release_run(databases: dict[str, str], printer, seeds: dict[str, str]) -> None:
    """The whole release step; SystemExit when it failed, before any web process starts."""
    if not Release(databases, printer, seeds).finished():
        raise SystemExit("campus up: the release step failed (see above)")


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
