"""Faults on the event pipeline, and nothing lost: outbox -> relay -> Redis Streams -> consumer.

    python -m campus.bench.events --completions 500

Runs ``campus relay enrollments`` and ``campus consume credentials`` as processes against a
throwaway redis-server (append-only file on), and for N completions under each fault prints
issued, certificates, lost, applied twice, duplicates absorbed, and the dead-letter stream against
the poison events injected on purpose. Faults: (a) the consumer SIGKILLed mid-stream and
restarted, (b) the relay SIGKILLed and restarted, (c) Redis stopped for a few seconds, (d) the
producer process SIGKILLed mid-run (between a commit and its relay) and run again. Then the
throughput of a full outbox through relay, Redis and consumer, and commit-to-certificate latency.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time

import redis
from django.db import connections

from campus.process.redis_server import RedisServer
from campus.runtime.databases import databases_reset

from .measure import percentile
from .workload import Counts, completions_produce, pipeline_counts, poison_inject

__all__ = ["main"]

POISON = 2


class Pipeline:
    """The worker processes and Redis of one scenario, on fresh databases and streams."""

    def __init__(self, server: RedisServer, folder: str):
        self.server, self.redis = server, redis.Redis.from_url(server.url)
        self.env = {**os.environ, "CAMPUS_DATA_DIR": folder, "REDIS_URL": server.url}
        self.env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + self.env["PATH"]
        self.workers: dict[str, subprocess.Popen] = {}
        databases_reset(["enrollments", "credentials"])
        self.redis.flushall()

    def start(self, name: str, *command: str) -> None:
        self.workers[name] = subprocess.Popen(command, env=self.env, stderr=subprocess.DEVNULL)

    def start_workers(self) -> None:
        self.start("relay", "campus", "relay", "enrollments")
        self.start("consumer", "campus", "consume", "credentials", "--visibility-timeout", "1")

    def kill(self, name: str) -> None:
        self.workers[name].send_signal(signal.SIGKILL)
        self.workers[name].wait(10)

    def applied(self) -> int:
        from campus.credentials.models import ProcessedEvent

        try:
            return ProcessedEvent.objects.using("credentials").count()
        finally:
            connections["credentials"].close()

    def wait_for(self, predicate, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not predicate():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def finish(self, expected: int, seconds: float) -> Counts:
        self.wait_for(lambda: self.applied() >= expected, seconds)
        for worker in self.workers.values():
            worker.terminate()
            worker.wait(10)
        counts = pipeline_counts(self.redis)
        self.redis.close()
        return counts


def _scenario(name, pipeline: Pipeline, n: int, per_second: float, fault) -> tuple:
    """Produce ``n`` completions at ``per_second`` while ``fault(pipeline)`` runs beside."""
    poison = poison_inject(pipeline.redis, POISON)
    pipeline.start_workers()
    producer = threading.Thread(
        target=completions_produce, args=(n,), kwargs={"prefix": name, "per_second": per_second}
    )
    started = time.monotonic()
    producer.start()
    fault(pipeline)
    producer.join()
    counts = pipeline.finish(n, seconds=120)
    return counts, poison, time.monotonic() - started


def _consumer_killed(p: Pipeline) -> None:
    p.wait_for(lambda: p.applied() >= 20, 60)
    p.kill("consumer")
    p.start("consumer", "campus", "consume", "credentials", "--visibility-timeout", "1")


def _relay_killed(p: Pipeline) -> None:
    p.wait_for(lambda: p.applied() >= 20, 60)
    p.kill("relay")
    time.sleep(0.5)
    p.start("relay", "campus", "relay", "enrollments")


def _redis_stopped(p: Pipeline) -> None:
    p.wait_for(lambda: p.applied() >= 20, 60)
    p.server.stop()
    time.sleep(3)
    p.server.start()


def _producer_killed(n: int, prefix: str):
    def fault(p: Pipeline) -> None:
        command = [sys.executable, "-m", "campus.bench.events", "--produce", str(n), prefix]
        first = subprocess.Popen(command, env=p.env)
        p.wait_for(lambda: p.applied() >= n // 3, 60)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        subprocess.run(command, env=p.env, check=True)  # the client tries again

    return fault


def _row(name: str, counts: Counts, poison: set, n: int, seconds: float) -> str:
    dead = counts.dead_letter_ids
    verdict = "ok" if _sound(counts, poison, n) else "FAILED"
    return (
        f"{name:34}{counts.issued:>7}{counts.certificates:>7}{counts.lost:>6}"
        f"{counts.applied_twice:>7}{counts.duplicates_on_stream:>7}"
        f"{len(dead & poison):>5}/{len(poison)}{len(dead - poison):>6}{seconds:>7.1f}  {verdict}"
    )


def _sound(counts: Counts, poison: set, n: int) -> bool:
    return (
        counts.issued == counts.certificates == counts.applied_ids == n
        and counts.lost == counts.applied_twice == 0
        and counts.dead_letter_ids == poison
    )


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
    scenarios = {
        "(a) consumer SIGKILLed, restarted": _consumer_killed,
        "(b) relay SIGKILLed, restarted": _relay_killed,
        "(c) Redis stopped 3 s, started": _redis_stopped,
        "(d) producer SIGKILLed, rerun": _producer_killed(n, "d"),
    }
    print(f"N = {n} completions per scenario, produced at up to {rate:.0f}/s; {POISON} poison")
    print("events injected straight onto the stream in each; Redis keeps an append-only file.")
    print(
        f"{'scenario':34}{'issued':>7}{'certs':>7}{'lost':>6}{'twice':>7}{'dupes':>7}"
        f"{'poison':>7}{'other':>6}{'secs':>7}"
    )
    with RedisServer() as server:
        all_sound = True
        for name, fault in scenarios.items():
            prefix = name[1]
            pipeline = Pipeline(server, folder)
            producer_n = 0 if prefix == "d" else n
            counts, poison, seconds = _scenario(prefix, pipeline, producer_n, rate, fault)
            print(_row(name, counts, poison, n, seconds))
            all_sound &= _sound(counts, poison, n)
        print("twice: certificates beyond one per learner and run; dupes: stream entries of an")
        print("event published twice (absorbed by ProcessedEvent); poison: injected ones held by")
        print("the dead-letter stream; other: anything else it holds.")
        print()
        _throughput(server, folder, n)
        _latency(server, folder, n, rate)
    return 0 if all_sound else 1


def _throughput(server, folder, n) -> None:
    pipeline = Pipeline(server, folder)
    completions_produce(n, prefix="t")  # the outbox fills while no relay runs
    pipeline.start_workers()
    counts = pipeline.finish(n, seconds=120)
    from campus.credentials.models import ProcessedEvent

    times = sorted(
        ProcessedEvent.objects.using("credentials").values_list("processed_at", flat=True)
    )
    connections.close_all()
    span = (times[-1] - times[0]).total_seconds()
    print(f"Throughput: {n} events waiting in the outbox, relayed and applied in {span:.2f} s")
    print(
        f"(first to last certificate, processes already started): {(n - 1) / span:.0f} events/s;"
        f" lost {counts.lost}"
    )


def _latency(server, folder, n, rate) -> None:
    pipeline = Pipeline(server, folder)
    pipeline.start_workers()
    # One completion first, waited for: both processes have started and are at work.
    completions_produce(1, prefix="warm-up")
    pipeline.wait_for(lambda: pipeline.applied() == 1, 60)
    completions_produce(n, prefix="l", per_second=rate)
    counts = pipeline.finish(n + 1, seconds=120)
    ms = counts.latencies_ms[1:]  # in outbox order: the warm-up is first
    print(f"Commit-to-certificate latency at {rate:.0f} completions/s, {len(ms)} events, running")
    print(
        f"processes (relay polls every 50 ms): p50 {percentile(list(ms), 50):.0f} ms,"
        f" p99 {percentile(list(ms), 99):.0f} ms; lost {counts.lost}"
    )


if __name__ == "__main__":
    sys.exit(main())
