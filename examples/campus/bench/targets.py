"""What a load run aims at, and locust run against it, headless, as a child process.

Targets are context managers that yield ``{service: base URL}``: the in-process platform,
``campus up`` (a gunicorn process per service, PostgreSQL, Redis), or a bare gunicorn hello.
`locust_run` cuts one run into windows, the repeats of a point, from every request locust
sent: per window, per request name and ``Aggregated``, requests, failures, requests/s and the
50th, 95th and 99th percentiles in ms.
"""

import contextlib
import csv
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import requests

from campus.http import session_make
from campus.metrics import NOT_SENT
from campus.process.control import Up
from campus.process.loopback import free_port
from campus.registry import SERVICES
from campus.waits import wait_until

from .scrape import metric_total
from .stats import percentile

__all__ = [
    "TOTAL",
    "LocustRun",
    "catalog_attempts",
    "hello",
    "in_process",
    "locust_run",
    "pause",
    "up",
]

# Outside the campus package: locust is a tool of this repository (the load extra), not a
# dependency of the platform it measures.
LOCUSTFILE = Path(__file__).resolve().parents[2] / "loadtest" / "locustfile.py"
NAMES = [s.name for s in SERVICES]


LOGIN = "login"  # in the urls a target yields: a callable giving a fresh token
TOTAL = "Aggregated"  # every request of a summary, whatever its name (locust's word for it)


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
    return metric_total(
        dashboard_url,
        "campus_outbound_calls_total",
        lambda labels: labels["callee"] == "catalog" and labels["outcome"] not in NOT_SENT,
        auth=auth,
    )


WARMUP_S = 1.0  # after the first request: users still arriving, connections still opening


@dataclass(frozen=True)
class LocustRun:
    """One locust run cut into windows: ``windows`` holds each window's summary (the repeats
    of a point), ``whole`` the summary of every request of the run, warm-up included."""

    windows: list[dict[str, dict]]
    whole: dict[str, dict]


def locust_run(urls: dict, *, users: int, seconds: float, windows: int = 3) -> LocustRun:
    """Run the learner mix with ``users`` users: a warm-up, then ``windows`` windows of
    ``seconds`` each. A summary maps each request name, and ``Aggregated``, to its requests,
    failures, requests/s and 50th, 95th and 99th percentiles in ms."""
    run_time = math.ceil(WARMUP_S + windows * seconds) + 1  # the last window ends inside it
    with tempfile.TemporaryDirectory(prefix="campus-locust-") as folder:
        samples = os.path.join(folder, "samples.csv")
        command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
        command += ["--users", str(users), "--spawn-rate", str(users)]
        command += ["--run-time", f"{run_time}s", "--only-summary"]
        command += ["--loglevel", "ERROR", "--exit-code-on-error", "0"]
        env = {**os.environ, "CAMPUS_LOAD_URLS": json.dumps(_without(urls, LOGIN))}
        env["CAMPUS_LOAD_SAMPLES"] = samples
        if LOGIN in urls:  # a token new for every run: they last minutes, a run may not
            env["CAMPUS_LOAD_TOKEN"] = urls[LOGIN]()
        # locust prints its own summary on stderr: kept only to explain a failed run.
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=run_time + 60
        )
        if done.returncode:
            raise RuntimeError(f"locust exited with {done.returncode}: {done.stderr[-2000:]}")
        with open(samples, newline="") as file:
            rows = [(float(t), name, float(ms), ok == "1") for t, name, ms, ok in csv.reader(file)]
    if not rows:
        raise RuntimeError(f"locust sent no request in {run_time} s: {done.stderr[-2000:]}")
    # Windows start a warm-up after the first request was sent (its end less its time).
    begin = min(t - ms / 1000 for t, _, ms, _ in rows) + WARMUP_S
    cuts = [
        [r for r in rows if begin + i * seconds <= r[0] < begin + (i + 1) * seconds]
        for i in range(windows)
    ]
    span = max(t for t, *_ in rows) - min(t - ms / 1000 for t, _, ms, _ in rows)
    return LocustRun([_summary(cut, seconds) for cut in cuts], _summary(rows, span))


def _summary(rows: list[tuple], seconds: float) -> dict[str, dict]:
    by_name: dict[str, list[tuple]] = {}
    for row in rows:
        by_name.setdefault(row[1], []).append(row)
    by_name[TOTAL] = rows
    return {name: _figures(some, seconds) for name, some in by_name.items()}


def _figures(rows: list[tuple], seconds: float) -> dict:
    times = sorted(ms for _, _, ms, _ in rows)
    return {
        "requests": len(rows),
        "failures": sum(not ok for *_, ok in rows),
        "rps": len(rows) / seconds,
        **{f"p{q}_ms": _percentile(times, q) for q in (50, 95, 99)},
    }


def _percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return percentile(values, q) if len(values) > 1 else values[0]


def _wait_answering(url: str, timeout: float = 30.0) -> None:
    with session_make() as http:
        wait_until(
            lambda: http.get(url + "/", timeout=1).status_code == 200,
            timeout=timeout,
            interval=0.05,
            what=f"{url}/ to answer 200",
            ignore=(requests.RequestException,),
        )
