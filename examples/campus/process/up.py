"""``campus up``: the platform for real, a process per service under gunicorn, on PostgreSQL.

1. Backing services (`campus.process.backing`): with ``CAMPUS_<NAME>_DATABASE_URL`` set for
   every process that owns data, attach to those and create nothing (twelve-factor IV);
   otherwise start a throwaway PostgreSQL cluster with a database and a role per service. The
   same for Redis: ``REDIS_URL`` (checked: it must answer), or a ``redis-server`` of our own on
   a free 127.0.0.1 port, with an append-only file and a password.
2. Release: migrate every database, in one process (`campus.process.release`), before any web
   process starts. A new cluster starts as a copy of a migrated template
   (`campus.process.cluster_template`), which holds every migration already: then the web
   processes start beside the release. The identity's demo accounts are stored (their
   passwords hashed) while the web processes boot.
3. Run: one gunicorn per service (or one for the monolith) on a private 127.0.0.1 port, one
   nginx in front of them all (`campus.process.proxy`: a ``server`` per process on its public
   127.0.0.1 port, the one printed and the one its neighbours call), and the
   event workers (`campus.process.event_worker_types`: a relay per service that publishes, a
   consumer per service that consumes, such as ``enrollments-relay`` and
   ``credentials-consumer``),
   and our Redis, under honcho's process manager; wait until every ``/health`` answers 200 and
   the demo accounts are stored, then print one summary on stderr, after the start-up log
   (the URLs, their API docs, how to sign in), and one JSON line of base URLs on stdout, as
   ``campus serve`` does.
   Every log line goes to stderr, prefixed with the name of the process that wrote it.
4. The event workers start only then: started with the web processes, they took about half the CPU
   of a start on two cores, and the URLs waited for it. What is published meanwhile waits in
   the outboxes. A line says when every worker is attached to Redis (its named connection,
   each consumer's groups); `campus.process.control.Up` waits for it too.
5. Once ready, any process that dies is started again after a back-off, as Kubernetes restarts
   a container (`campus.process.restart`, which runs each); its work waits in the outbox, the
   consumer group and Redis's append-only file meanwhile. A process that exits before the
   platform is ready is reported by name, the others are stopped, exit code 1; so is an event
   worker not attached in time.
6. Stop: SIGINT or SIGTERM stops everything (exit 0).

Longer than most modules: it is `campus up` from start to stop, its steps in the order they
run, so a reader follows one start top to bottom.
"""

import functools
import json
import os
import secrets
import shlex
import shutil
import signal
import sys
import tempfile
import threading
import time
from datetime import datetime

from honcho.manager import Manager
from honcho.printer import Message, Printer

from campus import django_base
from campus.assembly.config import (
    DEMO_PASSWORD,
    MONOLITH,
    PlatformConfig,
    given,
    neighbours,
    url_variable,
    variable,
)
from campus.identity.data import DEMO_LEARNERS, DEMO_STAFF
from campus.registry import IDENTITY, SERVICES
from campus.tokens.endpoints import LEARNER_APP, TOKEN_PATH

from .backing import (
    Release,
    databases_attach_or_create,
    redis_attach_or_plan,
    scratch_folder,
)
from .event_worker_types import scale_check, worker_command, worker_types
from .loopback import free_port
from .parent_death import die_with_parent
from .postgres import Cluster
from .proxy import Site
from .proxy_folder import nginx_binary, nginx_command, proxy_folder
from .readiness import unhealthy, workers_idle
from .restart import restarting
from .throwaway_secrets import environ_for, release_environ, token_values

__all__ = ["ARCHITECTURES", "run"]

ARCHITECTURES = ("microservices", "monolith")
READY_TIMEOUT_S = 60.0
SUMMARY_WAIT_S = 5.0  # how long the URL line waits for the summary to be printed before it


def process_types(arch: str) -> list[str]:
    return [MONOLITH] if arch == MONOLITH else [s.name for s in SERVICES]


# The name of the summary's message (it crosses honcho's queue, pickled): no process's name.
_SUMMARY = "(summary)"


class _Printer(Printer):
    """honcho's prefixing printer, with a way to write a line of our own, and the summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.summary_printed = threading.Event()

    def line(self, name: str, text: str) -> None:
        self.write(Message("line", text, datetime.now(), name, None))

    def write(self, message) -> None:
        if message.name != _SUMMARY:
            super().write(message)
            return
        print(message.data, end="", file=self.output, flush=True)
        self.summary_printed.set()


class _Stop(Exception):
    """SIGINT or SIGTERM arrived before the web processes ran."""


def run(
    arch: str = "microservices",
    *,
    workers: int = 1,
    data_dir: str | None = None,
    scale: dict[str, int] | None = None,
) -> int:
    """Run until SIGINT or SIGTERM (returns 0), or until a process fails to start (returns 1).

    ``workers``: gunicorn workers per web process; ``scale`` overrides it per process type
    (``{"catalog": 4}``). Raises `campus.django_base.ConfigurationError` for a bad value in the
    environment (``CAMPUS_DEADLINE=soon``), before anything starts: every process would refuse
    it."""
    if arch not in ARCHITECTURES:
        raise ValueError(f"arch must be one of {ARCHITECTURES}, not {arch!r}")
    config = PlatformConfig.from_environ(os.environ, [s.name for s in SERVICES])
    django_base.logging(os.environ)
    nginx_binary()  # missing: said now, before anything starts
    scale = scale or {}
    names = process_types(arch)
    scale_check(names, workers, scale)
    printer = _Printer(sys.stderr)
    stopping = threading.Event()

    def stop(signum, frame):
        stopping.set()
        raise _Stop

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    server = folder = broker = scratch = release = nginx_folder = None
    started = time.perf_counter()

    def took(what: str) -> None:
        printer.line("system", f"{what} after {time.perf_counter() - started:.2f} s\n")

    try:
        try:
            databases, server, folder, copied = databases_attach_or_create(names, printer, data_dir)
            redis_folder = tempfile.mkdtemp(prefix="campus-redis-", dir=scratch_folder())
            redis_url, broker = redis_attach_or_plan(printer, redis_folder)
            if broker is None:
                shutil.rmtree(redis_folder)
            took("databases and Redis ready")
            ports = {name: free_port() for name in names}  # nginx's, the public ones
            upstreams = {name: free_port() for name in names}  # each gunicorn's, behind it
            password_given = bool(given(os.environ, DEMO_PASSWORD))
            tokens = token_values(names, ports, lambda text: printer.line("system", text))
            environs = _environs(names, databases, ports, redis_url, tokens)
            # This run's own files: each process's metrics, and the file that says it is ready.
            scratch = tempfile.mkdtemp(prefix="campus-up-")
            for name in names:
                # prometheus-client's multiprocess mode: /metrics adds up every worker's counts.
                environs[name]["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(scratch, name)
                os.mkdir(environs[name]["PROMETHEUS_MULTIPROC_DIR"])
            nginx_folder = proxy_folder()
            sites = [Site(n, f"127.0.0.1:{ports[n]}", f"127.0.0.1:{upstreams[n]}") for n in names]
            proxy = nginx_command(nginx_folder, sites, deadline_s=config.deadline)
            release = Release(databases, printer, release_environ(names, tokens), copied=copied)
            # A copy of the migrated template holds every migration already (its key covers
            # them): the processes start beside the release, which finds nothing to apply.
            if not copied:
                release.migrated()
                took("migrated")
        except _Stop:
            printer.line("system", "stopped before the web processes started\n")
            return 0
        # honcho's loop installs its own SIGINT/SIGTERM handlers: they stop every process.
        manager = Manager(printer)
        ready_file = os.path.join(scratch, "ready")

        def add(name: str, command: list[str], env=None, start_after=None) -> None:
            # Started again when it dies once the platform is ready (`campus.process.restart`).
            wrapped = restarting(name, command, ready_file=ready_file, start_after=start_after)
            manager.add_process(name, "exec " + shlex.join(wrapped), env=env)

        if broker is not None:
            add("redis", broker.command())
        add("proxy", proxy)
        for name in names:
            add(name, _gunicorn(upstreams[name], scale.get(name, workers)), environs[name])
        for name, (role, service) in worker_types(scale).items():
            # Under the monolith every worker runs as the monolith: its one database.
            env = environs[MONOLITH if arch == MONOLITH else service]
            # Its wrapper waits for the platform to be ready before it starts the worker.
            add(name, worker_command(role, service), env, start_after=ready_file)
        urls = {name: f"http://127.0.0.1:{ports[name]}" for name in names}
        unready: list[str] = []
        password = None if password_given else tokens[DEMO_PASSWORD]
        summary = _summary(arch, urls, password)
        behind = {name: f"http://127.0.0.1:{upstreams[name]}" for name in names}
        workers_wait = functools.partial(workers_idle, redis_url, scale=scale)
        announce = (urls, behind, workers_wait, manager, printer, unready, took, summary)
        announce += (ready_file, release)
        ready = threading.Thread(target=_announce, args=announce)
        ready.daemon = True
        ready.start()
        # honcho runs each command from a runner process of its own, forked from this one:
        # killed outright, campus up could not stop its runners, and they kept every process
        # running. Each runner dies with campus up; the wrapper under it dies with the runner
        # in turn, and its command with the wrapper (`campus.process.restart.restarting`).
        parent = os.getpid()
        os.register_at_fork(after_in_child=lambda: die_with_parent(signal.SIGKILL, parent=parent))
        manager.loop()
        if unready:
            return 1
        if manager.returncode not in (130, 143):  # not stopped by a signal: a process exited
            printer.line("system", "stopped: a process exited before the platform was ready\n")
            return 1
        return 0
    finally:
        if release is not None:
            release.stop()
        if broker is not None:
            broker.close()
        if server is not None:
            Cluster.stop(server)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if folder is not None and data_dir is None:
            shutil.rmtree(folder, ignore_errors=True)
        for throwaway in (scratch, nginx_folder):
            if throwaway is not None:
                shutil.rmtree(throwaway, ignore_errors=True)


def _environs(names, databases, ports, redis_url, tokens) -> dict[str, dict[str, str]]:
    secret_key = given(os.environ, "SECRET_KEY") or secrets.token_urlsafe(50)
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "campus.process.settings",
        "SECRET_KEY": secret_key,
        # The processes' own default, given to them so all of them allow the same hosts.
        "ALLOWED_HOSTS": given(os.environ, "ALLOWED_HOSTS") or variable("ALLOWED_HOSTS").default,
        "PYTHONUNBUFFERED": "1",
        "REDIS_URL": redis_url,
    }
    environs = {}
    for name in names:
        env = {**environ_for(name, base, tokens), "CAMPUS_SERVICE": name}
        if name in databases:
            env["DATABASE_URL"] = databases[name]
        for neighbour in neighbours(name):
            env[url_variable(neighbour)] = f"http://127.0.0.1:{ports[neighbour]}"
        environs[name] = env
    return environs


def _gunicorn(port: int, workers: int) -> list[str]:
    command = [sys.executable, "-m", "gunicorn", "--config=python:campus.process.gunicorn_conf"]
    return [*command, f"--bind=127.0.0.1:{port}", f"--workers={workers}"]


def _announce(
    urls, behind, workers_wait, manager, printer, unready: list, took, summary, ready_file, release
) -> None:
    """Wait for every /health and the end of the release (the demo accounts), then print
    ``summary`` (stderr) and the URLs (stdout), then wait for each event worker ``--scale`` left
    in, which starts then; stop everything if any of it takes too long or the release fails."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    # Each gunicorn first, at its own port: asked through nginx while booting, each attempt would
    # be a 502 and a line of nginx's log. Then each once through nginx, which answers at once.
    stuck = unhealthy(behind, timeout=READY_TIMEOUT_S)
    if not stuck:
        stuck = unhealthy(urls, timeout=deadline - time.monotonic())
    if stuck:
        _unready(printer, manager, unready, stuck, f"not healthy in {READY_TIMEOUT_S} s: {stuck}")
        return
    took("every /health answered")
    if not release.finished():
        _unready(printer, manager, unready, ["release"], "the release step failed (see above)")
        return
    took("the demo accounts stored")
    # From now on a process that dies is started again, and the event workers start.
    open(ready_file, "x").close()
    # Through the manager's queue, so it follows every log line the processes sent before it;
    # printed before the URL line, so whoever reads that line finds the summary written.
    manager.events.put(Message("line", summary, datetime.now(), _SUMMARY, None))
    printer.summary_printed.wait(SUMMARY_WAIT_S)
    print(json.dumps(urls), flush=True)
    stuck = workers_wait(timeout=deadline - time.monotonic())
    if stuck:
        _unready(printer, manager, unready, stuck, f"not running in {READY_TIMEOUT_S} s: {stuck}")
        return
    took("every event worker attached to Redis")


def _unready(printer, manager, unready: list, names: list[str], why: str) -> None:
    printer.line("system", f"{why}: stopping\n")
    unready.extend(names)
    manager.terminate()


def _summary(arch: str, urls: dict[str, str], password: str | None) -> str:
    """What `campus up` says once it is ready: where each process answers, its API docs, and
    how to sign a demo account in (``password`` when it was made up for this run, else the
    variable that holds it)."""
    lines = [f"campus up: {arch} on 127.0.0.1, ready (the JSON line on stdout lists these URLs)"]
    lines += [f"  {name:12} {url}/   API docs: {url}/docs" for name, url in urls.items()]
    identity = urls.get(IDENTITY) or urls[MONOLITH]
    learners, staff = ", ".join(DEMO_LEARNERS), ", ".join(DEMO_STAFF)
    lines.append(
        f"Sign in as a demo account (learners {learners}; {staff} holds the staff scope) and "
        'send the access_token of the answer as "Authorization: Bearer <token>":'
    )
    secret = shlex.quote(password) if password else f'"${DEMO_PASSWORD}"'
    lines.append(
        f"  curl -s {identity}{TOKEN_PATH} -d grant_type=password -d client_id={LEARNER_APP} "
        f"-d username={DEMO_LEARNERS[0]} -d password={secret}"
    )
    lines.append("A process that dies is started again; Ctrl+C (or SIGTERM) stops them all.")
    lines.append(
        "The event workers start now; what the services publish meanwhile waits in their "
        'outboxes. A line ("every event worker attached") says when they are at work.'
    )
    return "\n".join(lines) + "\n"
