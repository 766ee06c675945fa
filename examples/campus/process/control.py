"""Drive ``campus up`` from Python: start it, read its URLs, list its processes, stop it.

What the tests, the benchmark and the notebook use; a person uses the command itself.

    >>> with Up("microservices") as up:                     # doctest: +SKIP
    ...     requests.get(up.url("catalog") + "/courses").json()
"""

import json
import os
import secrets
import select
import signal
import subprocess
import sys
import time

import psutil

from campus.assembly.config import DEMO_PASSWORD
from campus.registry import IDENTITY, service_get
from campus.tokens.client import TokenAuth, login

from .event_worker_types import worker_types
from .readiness import workers_idle
from .restart import MODULE as RESTART_MODULE

__all__ = ["Up", "UpFailed"]


class UpFailed(RuntimeError):
    """``campus up`` exited, or printed no URLs in time; the message ends with its last logs."""


class Up:
    """``campus up --arch ARCH --workers N [--scale S=N] [--data-dir D]`` as a child, its logs in
    ``log_path``. ``environ`` (default: this process's) is its whole environment. Without
    ``CAMPUS_DEMO_PASSWORD`` in it one is generated, so `login` can sign the demo accounts in."""

    def __init__(
        self,
        arch="microservices",
        *,
        workers=1,
        environ=None,
        log_path=None,
        data_dir=None,
        scale: dict[str, int] | None = None,
    ):
        self.arch, self.workers, self.data_dir = arch, workers, data_dir
        self.scale = dict(scale or {})  # of one process type, over ``workers``; 0 for none
        self.environ = dict(os.environ if environ is None else environ)
        self.environ.pop("DJANGO_SETTINGS_MODULE", None)
        self.environ.setdefault(DEMO_PASSWORD, secrets.token_urlsafe(16))
        self.log_path = log_path or os.devnull
        self.process: subprocess.Popen | None = None
        self.urls: dict[str, str] = {}
        self.ready_s = self.workers_s = self.stop_s = None

    def launch(self) -> "Up":
        """Start ``campus up`` and return at once; `start` then waits for it to be ready (so a
        second one can boot while the first is in use)."""
        if self.process is not None:
            return self
        self._launched = time.perf_counter()
        command = [sys.executable, "-m", "campus.cli", "up", "--arch", self.arch]
        command += ["--workers", str(self.workers)]
        for name, count in self.scale.items():
            command += ["--scale", f"{name}={count}"]
        if self.data_dir:
            command += ["--data-dir", str(self.data_dir)]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=log, env=self.environ
            )
        return self

    def start(self, timeout: float = 60.0, *, workers: bool = True) -> "Up":
        """Start (unless `launch` did), wait for the JSON line of URLs (``ready_s`` from the
        start), then for every event worker, which starts after it (``workers_s``; unless not
        ``workers``)."""
        self.launch()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else b""
        if not line:
            self._failed(f"campus up printed no URLs in {timeout} s")
        self.urls = json.loads(line)
        self.ready_s = time.perf_counter() - self._launched
        if not workers:
            return self
        redis_url = next(iter(self.servers().values())).environ()["REDIS_URL"]
        waiting = workers_idle(redis_url, timeout=max(timeout - self.ready_s, 1), scale=self.scale)
        if waiting:
            self._failed(f"event workers not at work in {timeout} s: {waiting}")
        self.workers_s = time.perf_counter() - self._launched
        return self

    def url(self, service: str) -> str:
        """Base URL that serves ``service``: its own process, or the monolith's."""
        service_get(service)
        return self.urls["monolith" if self.arch == "monolith" else service]

    def login(self, username: str) -> TokenAuth:
        """A ``requests`` auth signed in as demo account ``username`` (password grant)."""
        password = self.environ[DEMO_PASSWORD]
        return login(identity_url=self.url(IDENTITY), username=username, password=password)

    def processes(self) -> list[psutil.Process]:
        """``campus up`` and every process under it (gunicorn masters and workers, nginx, the
        event workers, postgres, redis-server)."""
        if self.process is None:
            return []
        try:
            top = psutil.Process(self.process.pid)
            return [top, *top.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def servers(self) -> dict[str, psutil.Process]:
        """The gunicorn master of each service, by name (its ``CAMPUS_SERVICE``). Each listens
        on a private port, behind `proxy`: the URLs are nginx's."""
        found = {}
        for process, command in self._commands():
            if not any(part.startswith("--bind=") for part in command):
                continue
            try:
                # A master's parent is its wrapper; a worker's is its master, or, for the
                # moment it outlives a master killed outright, whoever adopted it.
                if RESTART_MODULE in process.parent().cmdline():
                    found[process.environ()["CAMPUS_SERVICE"]] = process
            except (psutil.NoSuchProcess, AttributeError):  # gone meanwhile: no parent
                continue
        return found

    def proxy(self) -> psutil.Process | None:
        """The nginx master in front of every gunicorn (`campus.process.proxy`)."""
        for process, command in self._commands():
            if " ".join(command).startswith("nginx: master"):  # the title nginx gives it
                return process
        return None

    def event_workers(self) -> dict[str, psutil.Process]:
        """The event workers by name (``enrollments-relay``), found by their command lines."""
        wanted = {f"{role} {service}": name for name, (role, service) in worker_types().items()}
        found = {}
        for process, command in self._commands():
            for tail, name in wanted.items():
                if "campus.cli " + tail in " ".join(command):
                    found[name] = process
        return found

    def _commands(self):
        """``(process, command line)`` of each process under ``campus up`` but the wrappers that
        restart them (`campus.process.restart`), whose command lines hold their commands'."""
        for process in self.processes():
            try:
                command = process.cmdline()
            except psutil.NoSuchProcess:
                continue
            if RESTART_MODULE not in command:
                yield process, command

    def environ_of(self, name: str) -> dict[str, str]:
        """The environment ``campus up`` gave the process of ``name`` (read from the OS), so an
        admin command can run as that process: same settings, same database."""
        return self.servers()[name].environ()

    def stop(self, signum: int = signal.SIGINT, timeout: float = 10.0) -> int:
        """Send ``signum``, wait for the exit; ``stop_s`` is how long that took."""
        if self.process is None:
            return 0
        started = time.perf_counter()
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                for child in self.processes()[::-1]:
                    child.kill()
                self.process.wait()
        self.stop_s = time.perf_counter() - started
        self.process.stdout.close()
        return self.process.returncode

    def log(self) -> str:
        if self.log_path == os.devnull:
            return ""
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            return log.read()

    def _failed(self, why: str):
        self.stop()
        tail = "\n".join(self.log().splitlines()[-15:])
        raise UpFailed(f"{why}; " + (f"last logs:\n{tail}" if tail else "no logs kept"))

    def __enter__(self) -> "Up":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
