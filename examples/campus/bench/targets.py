"""What a load run aims at, and locust run against it, headless, as a child process.

Targets are context managers that yield ``{service: base URL}``: the in-process platform,
``campus up`` (a gunicorn process per service, PostgreSQL, Redis), or a bare gunicorn hello.
`locust_run` returns locust's own summary (its ``_stats.csv``): per request name and
``Aggregated``, requests, failures, requests/s and the 50th, 95th and 99th percentiles in ms.
"""

import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import requests
from prometheus_client.parser import text_string_to_metric_families

from campus.http import session_make
from campus.metrics import NOT_SENT
from campus.process.control import Up
from campus.process.loopback import free_port
from campus.registry import SERVICES
from campus.waits import wait_until

__all__ = ["catalog_attempts", "hello", "in_process", "locust_run", "pause", "up"]

# Outside the campus package: locust is a tool of this repository (the load extra), not a
# dependency of the platform it measures.
LOCUSTFILE = Path(__file__).resolve().parents[2] / "loadtest" / "locustfile.py"
NAMES = [s.name for s in SERVICES]


LOGIN = "login"  # in the urls a target yields: a callable giving a fresh token


@contextlib.contextmanager
def in_process(arch: str, environ: dict | None = None):
    """The platform in this process; yields (urls, platform)."""
    from campus.embedded import Platform

    with Platform(arch, environ={**os.environ, **(environ or {})}) as platform:
        urls = {name: platform.url(name) for name in NAMES}
        yield {**urls, LOGIN: _staff_token(platform)}, platform


@contextlib.contextmanager
def up(arch: str, *, scale: dict | None = None, environ: dict | None = None, log_path=None):
    """``campus up``; yields (urls, the running `Up`)."""
    with Up(arch, scale=scale, environ={**os.environ, **(environ or {})}, log_path=log_path) as u:
        yield {**{name: u.url(name) for name in NAMES}, LOGIN: _staff_token(u)}, u


@contextlib.contextmanager
def hello(workers: int = 1):
    """A bare WSGI hello under gunicorn with campus's gunicorn settings; yields (urls, None)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--config=python:campus.process.gunicorn_conf"]
    command += [f"--bind=127.0.0.1:{port}", f"--workers={workers}", "campus.bench.hello"]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_answering(url)
        yield {"hello": url}, None
    finally:
        server.terminate()
        server.wait(10)


def _staff_token(platform):
    """How the learner mix proves itself: a staff token (it acts for many made-up learners, and
    only the demo accounts can sign in), asked of the platform's identity when called."""
    auth = platform.login("instructor")
    return auth.source.token


def _without(urls: dict, key: str) -> dict:
    return {name: url for name, url in urls.items() if name != key}


def pause(running: Up, name: str, *, resume: bool = False) -> None:
    """Stop (SIGSTOP) or resume (SIGCONT) every process of ``name``'s gunicorn."""
    master = running.servers()[name]
    for process in [master, *master.children()]:
        process.send_signal(signal.SIGCONT if resume else signal.SIGSTOP)


def catalog_attempts(dashboard_url: str, *, auth) -> float:
    """Attempts the dashboard sent to the catalog, all its workers together (its /metrics,
    read with ``auth``, a staff member's token)."""
    text = requests.get(dashboard_url + "/metrics", timeout=5, auth=auth).text
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "campus_outbound_calls_total"
        and s.labels["callee"] == "catalog"
        and s.labels["outcome"] not in NOT_SENT
    )


def locust_run(urls: dict, *, users: int, seconds: float) -> dict[str, dict]:
    """Run the learner mix with ``users`` users for ``seconds``; locust's summary by name."""
    with tempfile.TemporaryDirectory(prefix="campus-locust-") as folder:
        prefix = os.path.join(folder, "run")
        command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
        command += ["--users", str(users), "--spawn-rate", str(users)]
        command += ["--run-time", f"{max(1, round(seconds))}s", "--csv", prefix, "--only-summary"]
        command += ["--loglevel", "ERROR", "--exit-code-on-error", "0"]
        env = {**os.environ, "CAMPUS_LOAD_URLS": json.dumps(_without(urls, LOGIN))}
        if LOGIN in urls:  # a token new for every run: they last minutes, a run may not
            env["CAMPUS_LOAD_TOKEN"] = urls[LOGIN]()
        # locust prints its own summary on stderr: kept only to explain a failed run.
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=seconds + 60
        )
        if done.returncode:
            raise RuntimeError(f"locust exited with {done.returncode}: {done.stderr[-2000:]}")
        with open(prefix + "_stats.csv", newline="") as stats:
            return {row["Name"]: _summary(row) for row in csv.DictReader(stats)}


def _summary(row: dict) -> dict:
    def number(key):
        value = row[key]
        return float(value) if value not in ("", "N/A") else float("nan")

    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": number("Requests/s"),
        "p50_ms": number("50%"),
        "p95_ms": number("95%"),
        "p99_ms": number("99%"),
    }


def _wait_answering(url: str, timeout: float = 30.0) -> None:
    with session_make() as http:
        wait_until(
            lambda: http.get(url + "/", timeout=1).status_code == 200,
            timeout=timeout,
            interval=0.05,
            what=f"{url}/ to answer 200",
            ignore=(requests.RequestException,),
        )
