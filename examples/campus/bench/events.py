"""Faults on the event pipeline, and nothing lost: outbox -> relay -> Redis Streams -> consumer.

    python -m campus.bench.events --completions 500

Runs ``campus relay enrollments`` and ``campus consume credentials`` as processes on the SQLite
files of the in-process runtime, against a throwaway redis-server (append-only file on), and
prints the table of `campus.bench.faults`; then the throughput of a full outbox through relay,
Redis and consumer, and commit-to-certificate latency. ``python -m campus.bench.events_up`` runs
the same scenarios against ``campus up`` on PostgreSQL.
"""

import argparse
import os
import signal
import subprocess
import sys
import time

import redis
from django.db import connections

from campus.embedded.settings import configure

configure()  # the in-process runtime's settings: the SQLite files the worker processes share

from campus.embedded.sqlite_templates import databases_reset  # noqa: E402
from campus.process.redis_server import RedisServer  # noqa: E402

from .faults import POISON, faults_report, latency_report, throughput_report, wait_for  # noqa: E402
from .workload import (  # noqa: E402
    applied_count,
    applied_times,
    completions_produce,
    pipeline_counts,
    poison_inject,
)

__all__ = ["SqlitePipeline", "main"]


class SqlitePipeline:
    """The worker processes and Redis of one scenario, on fresh SQLite files and streams."""

    def __init__(self, server: RedisServer, folder: str):
        self.server, self.redis = server, redis.Redis.from_url(server.url)
        self.env = {**os.environ, "CAMPUS_DATA_DIR": folder, "REDIS_URL": server.url}
        self.env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + self.env["PATH"]
        self.workers: dict[str, subprocess.Popen] = {}
        databases_reset(["enrollments", "credentials"])
        self.redis.flushall()

    def _start(self, name: str) -> None:
        command = {
            "relay": ["campus", "relay", "enrollments"],
            "consumer": ["campus", "consume", "credentials", "--visibility-timeout", "1"],
        }[name]
        self.workers[name] = subprocess.Popen(command, env=self.env, stderr=subprocess.DEVNULL)

    def start_workers(self) -> None:
        self._start("relay")
        self._start("consumer")

    def restart(self, worker: str) -> None:
        self.workers[worker].send_signal(signal.SIGKILL)
        self.workers[worker].wait(10)
        time.sleep(0.5)  # what a process manager's back-off would wait
        self._start(worker)

    def applied(self) -> int:
        return applied_count()

    def applied_times(self) -> list:
        return applied_times()

    def produce(self, n: int, *, prefix: str, per_second: float = 0.0) -> None:
        completions_produce(n, prefix=prefix, per_second=per_second)

    def producer_command(self, n: int, prefix: str) -> list[str]:
        return [sys.executable, "-m", "campus.bench.events", "--produce", str(n), prefix]

    def poison(self, count: int) -> set[str]:
        return poison_inject(self.redis, count)

    def finish(self, expected: int, seconds: float):
        wait_for(lambda: self.applied() >= expected, seconds)
        for worker in self.workers.values():
            worker.terminate()
            worker.wait(10)
        counts = pipeline_counts(self.redis)
        self.redis.close()
        return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.bench.events")
    parser.add_argument("--completions", type=int, default=500, help="N, per scenario")
    parser.add_argument("--rate", type=float, default=200.0, help="completions per second")
    parser.add_argument("--produce", nargs=2, metavar=("N", "PREFIX"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.produce:  # the producer process of scenario (d)
        completions_produce(int(options.produce[0]), prefix=options.produce[1], per_second=100)
        return 0
    n, rate = options.completions, options.rate
    folder = os.path.dirname(connections["credentials"].settings_dict["NAME"])
    print(f"N = {n} completions per scenario, produced at up to {rate:.0f}/s; {POISON} poison")
    print("events injected straight onto the stream in each; Redis keeps an append-only file.")
    with RedisServer() as server:

        def make_pipeline():
            return SqlitePipeline(server, folder)

        sound = faults_report(make_pipeline, n, rate)
        print()
        throughput_report(make_pipeline, n)
        latency_report(make_pipeline, n, rate, relay_poll="relay polls every 50 ms")
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
