"""The four faults of the event pipeline, the figures around them, and the verdict on what arrived.

The same scenarios run on two kinds of `Pipeline`: the worker processes on SQLite files
(`campus.bench.events`) and the whole of ``campus up`` on PostgreSQL (`campus.bench.events_up`).
For N completions under each fault the table gives issued, certificates, lost, applied twice,
duplicates absorbed, and the dead-letter stream against the poison events injected on purpose.
Faults: (a) the consumer SIGKILLed mid-stream and started again, (b) the same for the relay,
(c) Redis stopped for a few seconds and started again, (d) the producer process SIGKILLed
mid-run (between a commit and its relay) and run again, as a client retrying would.

Nothing here imports Django: each pipeline's module configures its own databases first.
"""

import subprocess
import threading
import time
from typing import Protocol

from campus.waits import wait_until

from .stats import percentile

__all__ = ["POISON", "Pipeline", "faults_report", "latency_report", "throughput_report", "wait_for"]

POISON = 2
HEADER = (
    f"{'scenario':34}{'issued':>7}{'certs':>7}{'lost':>6}{'twice':>7}{'dupes':>7}"
    f"{'poison':>7}{'other':>6}{'secs':>7}"
)
LEGEND = (
    "twice: certificates beyond one per learner and run; dupes: stream entries of an\n"
    "event published twice (absorbed by ProcessedEvent); poison: injected ones held by\n"
    "the dead-letter stream; other: anything else it holds."
)


class Pipeline(Protocol):
    """One scenario's platform: fresh databases and streams, workers not yet started."""

    server: object  # the `RedisServer`, stopped and started by fault (c)
    env: dict  # the environment of a producer process

    def start_workers(self) -> None: ...
    def restart(self, worker: str) -> None:  # "consumer" or "relay": SIGKILL, then running again
        ...
    def applied(self) -> int: ...  # events credentials has applied so far
    def produce(self, n: int, *, prefix: str, per_second: float = 0.0) -> None: ...
    def producer_command(self, n: int, prefix: str) -> list[str]: ...
    def poison(self, count: int) -> set[str]: ...
    def finish(self, expected: int, seconds: float): ...  # stops the workers; `Counts`
    def applied_times(self) -> list: ...  # when each event was applied (datetimes)


def wait_for(predicate, seconds: float) -> bool:
    """True once ``predicate()`` is, False if it is not after ``seconds``."""
    try:
        return bool(wait_until(predicate, timeout=seconds, interval=0.05, what="the pipeline"))
    except TimeoutError:
        return False


def _mid_stream(p: Pipeline, n: int) -> None:
    wait_for(lambda: p.applied() >= max(1, min(20, n // 3)), 60)


def _consumer_killed(n: int):
    def fault(p: Pipeline) -> None:
        _mid_stream(p, n)
        p.restart("consumer")

    return fault


def _relay_killed(n: int):
    def fault(p: Pipeline) -> None:
        _mid_stream(p, n)
        p.restart("relay")

    return fault


def _redis_stopped(n: int):
    def fault(p: Pipeline) -> None:
        _mid_stream(p, n)
        p.server.stop()
        time.sleep(3)
        p.server.start()

    return fault


def _producer_killed(n: int):
    def fault(p: Pipeline) -> None:
        command = p.producer_command(n, "d")
        first = subprocess.Popen(command, env=p.env)
        wait_for(lambda: p.applied() >= n // 3, 60)
        first.kill()
        first.wait(10)
        subprocess.run(command, env=p.env, check=True)  # the client tries again

    return fault


SCENARIOS = {
    "(a) consumer SIGKILLed, restarted": _consumer_killed,
    "(b) relay SIGKILLed, restarted": _relay_killed,
    "(c) Redis stopped 3 s, started": _redis_stopped,
    "(d) producer SIGKILLed, rerun": _producer_killed,
}


def _scenario(name: str, p: Pipeline, n: int, per_second: float, fault) -> tuple:
    """Produce ``n`` completions at ``per_second`` while ``fault(p)`` runs beside."""
    poison = p.poison(POISON)
    p.start_workers()
    produced = 0 if name.startswith("(d)") else n  # (d) produces in processes of its own
    producer = threading.Thread(
        target=p.produce, args=(produced,), kwargs={"prefix": name[1], "per_second": per_second}
    )
    started = time.monotonic()
    producer.start()
    fault(p)
    producer.join()
    counts = p.finish(n, seconds=120)
    return counts, poison, time.monotonic() - started


def _sound(counts, poison: set, n: int) -> bool:
    return (
        counts.issued == counts.certificates == counts.applied_ids == n
        and counts.lost == counts.applied_twice == 0
        and counts.dead_letter_ids == poison
    )


def _row(name: str, counts, poison: set, n: int, seconds: float) -> str:
    dead = counts.dead_letter_ids
    verdict = "ok" if _sound(counts, poison, n) else "FAILED"
    return (
        f"{name:34}{counts.issued:>7}{counts.certificates:>7}{counts.lost:>6}"
        f"{counts.applied_twice:>7}{counts.duplicates_on_stream:>7}"
        f"{len(dead & poison):>5}/{len(poison)}{len(dead - poison):>6}{seconds:>7.1f}  {verdict}"
    )


def faults_report(make_pipeline, n: int, rate: float, *, only: str = "abcd") -> bool:
    """Print one row per scenario (those whose letter is in ``only``); True if all are sound."""
    print(HEADER)
    all_sound = True
    for name, fault in SCENARIOS.items():
        if name[1] not in only:
            continue
        counts, poison, seconds = _scenario(name, make_pipeline(), n, rate, fault(n))
        print(_row(name, counts, poison, n, seconds), flush=True)
        all_sound &= _sound(counts, poison, n)
    print(LEGEND)
    return all_sound


def throughput_report(make_pipeline, n: int) -> None:
    p = make_pipeline()
    p.produce(n, prefix="t")  # the outbox fills while no relay runs
    p.start_workers()
    counts = p.finish(n, seconds=120)
    times = sorted(p.applied_times())
    span = (times[-1] - times[0]).total_seconds()
    print(f"Throughput: {n} events waiting in the outbox, relayed and applied in {span:.2f} s")
    print(
        f"(first to last certificate, processes already started): {(n - 1) / span:.0f} events/s;"
        f" lost {counts.lost}"
    )


def latency_report(make_pipeline, n: int, rate: float, *, relay_poll: str) -> None:
    p = make_pipeline()
    p.start_workers()
    # One completion first, waited for: both processes have started and are at work.
    p.produce(1, prefix="warm-up")
    wait_for(lambda: p.applied() == 1, 60)
    p.produce(n, prefix="l", per_second=rate)
    counts = p.finish(n + 1, seconds=120)
    ms = list(counts.latencies_ms[1:])  # in outbox order: the warm-up is first
    print(f"Commit-to-certificate latency at {rate:.0f} completions/s, {len(ms)} events, running")
    print(
        f"processes ({relay_poll}): p50 {percentile(ms, 50):.0f} ms,"
        f" p99 {percentile(ms, 99):.0f} ms; lost {counts.lost}"
    )
