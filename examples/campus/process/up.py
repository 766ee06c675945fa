"""``campus up``: the platform for real, a process per service under gunicorn, on PostgreSQL.

1. Databases: with ``CAMPUS_<NAME>_DATABASE_URL`` set for every process that owns data, attach to
   those and create nothing (twelve-factor IV). Otherwise start a throwaway PostgreSQL cluster on
   a free 127.0.0.1 port with a database and a role per service (`campus.process.postgres`).
2. Release: migrate every database (`campus.process.release`), before any web process starts.
3. Run: one gunicorn per service (or one for the monolith) on a free 127.0.0.1 port, under
   honcho's process manager; wait until every ``/health`` answers 200, then print one JSON line
   of base URLs on stdout, as ``campus serve`` does. Every log line goes to stderr, prefixed with
   the name of the process that wrote it.
4. Stop: SIGINT or SIGTERM stops everything (exit 0). A process that dies on its own is
   reported by name, the others are stopped, and the exit code is 1.
"""

import json
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import requests
from honcho.manager import Manager
from honcho.printer import Message, Printer

from campus.registry import SERVICES

from .environment import MONOLITH, database_variable, neighbours, owns_data, url_variable
from .postgres import Cluster, free_port

__all__ = ["ARCHITECTURES", "run"]

ARCHITECTURES = ("microservices", "monolith")
READY_TIMEOUT_S = 60.0


def process_types(arch: str) -> list[str]:
    return [MONOLITH] if arch == MONOLITH else [s.name for s in SERVICES]


class _Printer(Printer):
    """honcho's prefixing printer, remembering which process stopped first and why."""

    def __init__(self, output):
        super().__init__(output)
        self.first_stop: tuple[str, str] | None = None

    def write(self, message):
        if message.name == "system" and self.first_stop is None and " stopped (rc=" in message.data:
            name, _, rc = message.data.partition(" stopped (rc=")
            self.first_stop = (name, rc.rstrip(")\n"))
        super().write(message)

    def line(self, name: str, text: str) -> None:
        self.write(Message("line", text, datetime.now(), name, None))


class _Stop(Exception):
    """SIGINT or SIGTERM arrived before the web processes ran."""


def run(arch: str = "microservices", *, workers: int = 1, data_dir: str | None = None) -> int:
    """Run until SIGINT or SIGTERM (returns 0) or until a process dies (returns 1)."""
    if arch not in ARCHITECTURES:
        raise ValueError(f"arch must be one of {ARCHITECTURES}, not {arch!r}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    printer = _Printer(sys.stderr)
    names = process_types(arch)
    stopping = threading.Event()

    def stop(signum, frame):
        stopping.set()
        raise _Stop

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    server = folder = None
    started = time.perf_counter()

    def took(what: str) -> None:
        printer.line("system", f"{what} after {time.perf_counter() - started:.2f} s\n")

    try:
        try:
            databases, server, folder = _databases(names, printer, data_dir)
            took("databases ready")
            ports = {name: free_port() for name in names}
            environs = _environs(names, databases, ports)
            _release(environs, printer)
            took("migrated")
        except _Stop:
            printer.line("system", "stopped before the web processes started\n")
            return 0
        # honcho's loop installs its own SIGINT/SIGTERM handlers: they stop every process.
        manager = Manager(printer)
        for name in names:
            manager.add_process(name, _gunicorn(ports[name], workers), env=environs[name])
        urls = {name: f"http://127.0.0.1:{ports[name]}" for name in names}
        unready: list[str] = []
        announce = (urls, manager, printer, unready, took)
        ready = threading.Thread(target=_announce, args=announce)
        ready.daemon = True
        ready.start()
        manager.loop()
        if unready:
            return 1
        signalled = manager.returncode in (130, 143)
        if not signalled and printer.first_stop:
            name, rc = printer.first_stop
            printer.line("system", f"{name} exited on its own (rc={rc}): stopped the others\n")
            return 1
        return 0
    finally:
        if server is not None:
            Cluster.stop(server)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if folder is not None and data_dir is None:
            shutil.rmtree(folder, ignore_errors=True)


def _databases(names, printer, data_dir):
    """Database URL per process type: attached from the environment, or a cluster of ours."""
    wanted = [n for n in names if owns_data(n)]
    variables = {n: database_variable(n) for n in wanted}
    given = {n: os.environ[v] for n, v in variables.items() if v in os.environ}
    if given:
        missing = [v for n, v in variables.items() if n not in given]
        if missing:
            raise SystemExit(f"campus up: set {', '.join(missing)} too, or none of them")
        printer.line("system", f"attached to the databases in {', '.join(sorted(given))}\n")
        return given, None, None
    folder = (
        Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="campus-pg-", dir=_scratch()))
    )
    cluster = Cluster(folder)
    server = cluster.start(stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    threading.Thread(target=_relay, args=("postgres", server.stdout, printer), daemon=True).start()
    return cluster.databases_create(wanted), server, folder


def _scratch() -> str | None:
    """Memory-backed /dev/shm when it has room: a throwaway cluster (about 80 MB) then starts and
    is removed without touching the disk. None means the usual temporary folder."""
    try:
        room = shutil.disk_usage("/dev/shm").free
    except OSError:
        return None
    return "/dev/shm" if room > 1 << 30 and os.access("/dev/shm", os.W_OK) else None


def _environs(names, databases, ports) -> dict[str, dict[str, str]]:
    secret_key = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "campus.process.settings",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost"),
        "PYTHONUNBUFFERED": "1",
    }
    environs = {}
    for name in names:
        env = {**base, "CAMPUS_SERVICE": name}
        if name in databases:
            env["DATABASE_URL"] = databases[name]
        for neighbour in neighbours(name):
            env[url_variable(neighbour)] = f"http://127.0.0.1:{ports[neighbour]}"
        environs[name] = env
    return environs


def _release(environs, printer) -> None:
    """Migrate every database at once; any failure stops `campus up` before a web process."""
    running = {}
    for name, env in environs.items():
        if "DATABASE_URL" in env:
            command = [sys.executable, "-m", "campus.process.release"]
            running[name] = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
    for name, process in running.items():
        _relay(f"release.{name}", process.stdout, printer)
        if process.wait():
            raise SystemExit(f"campus up: the release step of {name} failed (see above)")


def _gunicorn(port: int, workers: int) -> str:
    command = [sys.executable, "-m", "gunicorn", "--config=python:campus.process.gunicorn_conf"]
    command += [f"--bind=127.0.0.1:{port}", f"--workers={workers}"]
    return "exec " + shlex.join(command)


def _relay(name, stream, printer) -> None:
    for raw in iter(stream.readline, b""):
        printer.line(name, raw.decode(errors="replace"))
    stream.close()


def _announce(urls, manager, printer, unready: list, took) -> None:
    """Wait for every /health, then print the URLs; stop everything if that takes too long."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    waiting = dict(urls)
    with requests.Session() as http:
        http.trust_env = False
        while waiting:
            for name, url in list(waiting.items()):
                try:
                    if http.get(url + "/health", timeout=1).status_code == 200:
                        del waiting[name]
                except requests.RequestException:
                    pass
            if not waiting:
                break
            if time.monotonic() > deadline:
                printer.line("system", f"not healthy in {READY_TIMEOUT_S} s: {sorted(waiting)}\n")
                unready.extend(sorted(waiting))
                manager.terminate()
                return
            time.sleep(0.02)
    took("every /health answered")
    print(json.dumps(urls), flush=True)
