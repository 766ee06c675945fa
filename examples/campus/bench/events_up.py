"""The faults of `campus.bench.faults` against ``campus up``, on PostgreSQL.

    python -m campus.bench.events_up --completions 500

Starts a PostgreSQL cluster with a database and a role per service and a ``redis-server`` with
an append-only file (a broker that promises delivery keeps its streams across a restart), then,
for each scenario, ``campus up`` attached to both by URL (``CAMPUS_<NAME>_DATABASE_URL``,
``REDIS_URL``): a gunicorn per service, the outbox relay and the consumer under its process
manager. Completions are committed by enrollments' own code (`enrollment_complete`, outbox row
in the same transaction) in enrollments' database; the relay and the consumer are the ones
``campus up`` runs. A worker SIGKILLed is started again by ``campus up`` itself
(`campus.process.restart`), as Kubernetes would; the bench only waits for the new process.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import environ

from campus.assembly.config import database_variable, given
from campus.process.control import Up
from campus.process.postgres import Cluster
from campus.process.redis_server import RedisServer
from campus.registry import SERVICES
from campus.waits import wait_until

from .faults import POISON, faults_report, latency_report, throughput_report, wait_for

__all__ = ["UpPipeline", "main"]

OWNERS = [s.name for s in SERVICES if s.owns_data]
WORKERS = {"consumer": "credentials-consumer", "relay": "enrollments-relay"}
# The first start migrates every database (attached by URL: no migrated template to copy), which
# took over 90 s on two cores shared with other work.
START_TIMEOUT_S = 180.0


def django_configure(urls: dict[str, str], *, options: dict | None = None) -> None:
    """Configure Django in this process with each service's database under its own alias
    (``options``: libpq's, for each)."""
    import django
    from django.conf import settings

    from campus import django_base

    databases = {"default": {}}
    for name, url in urls.items():
        databases[name] = {**environ.Env.db_url_config(url), "OPTIONS": dict(options or {})}
    settings.configure(
        DATABASES=databases,
        DATABASE_ROUTERS=["campus.assembly.databases.ServiceRouter"],
        INSTALLED_APPS=django_base.INSTALLED_APPS,
        SECRET_KEY=secrets.token_urlsafe(32),  # this process serves nothing
        USE_TZ=True,
        TIME_ZONE="UTC",
    )
    django.setup()


class UpPipeline:
    """``campus up`` for one scenario, on emptied databases and streams."""

    def __init__(self, server: RedisServer, urls: dict[str, str], log: Path):
        import redis

        self.server, self.redis, self.log = server, redis.Redis.from_url(server.url), log
        self.env = {
            **os.environ,
            "REDIS_URL": server.url,
            **{database_variable(name): url for name, url in urls.items()},
        }
        self.up: Up | None = None
        _databases_empty(["enrollments", "credentials"])
        self.redis.flushall()

    def start_workers(self) -> None:
        up = Up("microservices", environ=self.env, log_path=str(self.log))
        self.up = up.start(timeout=START_TIMEOUT_S)

    def restart(self, worker: str) -> None:
        name = WORKERS[worker]
        killed = self.up.event_workers()[name]
        killed.kill()

        def started_again() -> bool:
            again = self.up.event_workers().get(name)
            return again is not None and again.pid != killed.pid

        try:
            wait_until(started_again, timeout=30, interval=0.05, what=f"{name} to start again")
        except TimeoutError:
            raise RuntimeError(f"campus up did not start {name} again; see {self.log}") from None

    def applied(self) -> int:
        from .workload import applied_count

        return applied_count()

    def applied_times(self) -> list:
        from .workload import applied_times

        return applied_times()

    def produce(self, n: int, *, prefix: str, per_second: float = 0.0, on_each=None) -> None:
        from .workload import completions_produce

        completions_produce(n, prefix=prefix, per_second=per_second, on_each=on_each)

    def producer_command(self, n: int, prefix: str) -> list[str]:
        return [sys.executable, "-m", "campus.bench.events_up", "--produce", str(n), prefix]

    def poison(self, count: int) -> set[str]:
        from .workload import poison_inject

        return poison_inject(self.redis, count)

    def finish(self, expected: int, seconds: float, *, dead: frozenset = frozenset()):
        """Wait until ``expected`` events are applied and each of ``dead`` (the poison, dead-
        lettered after its last attempt, maybe later still) is dead-lettered; stop; count."""
        from .workload import pipeline_counts

        def settled() -> bool:
            if self.applied() < expected:
                return False
            return not dead or dead <= pipeline_counts(self.redis).dead_letter_ids

        wait_for(settled, seconds)
        if self.up is not None and self.up.stop() != 0:
            raise RuntimeError(f"campus up did not stop cleanly; see {self.log}")
        counts = pipeline_counts(self.redis)
        self.redis.close()
        return counts


def _databases_empty(aliases: list[str]) -> None:
    """Empty the tables of each alias (none before the first ``campus up`` migrated them)."""
    from django.core.management import call_command
    from django.db import connections

    for alias in aliases:
        if connections[alias].introspection.table_names():
            call_command("flush", database=alias, interactive=False, verbosity=0)
        connections[alias].close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.bench.events_up")
    parser.add_argument("--completions", type=int, default=500, help="N, per scenario")
    parser.add_argument("--rate", type=float, default=200.0, help="completions per second")
    parser.add_argument("--faults", default="abcd", help="which scenarios, by letter")
    parser.add_argument("--no-figures", action="store_true", help="no throughput or latency")
    parser.add_argument("--produce", nargs=2, metavar=("N", "PREFIX"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.produce:  # the producer process of scenario (d): the URLs are in its environment
        django_configure({name: given(os.environ, database_variable(name)) for name in OWNERS})
        from .workload import completions_produce

        completions_produce(int(options.produce[0]), prefix=options.produce[1], per_second=100)
        return 0
    n, rate = options.completions, options.rate
    folder = Path(tempfile.mkdtemp(prefix="campus-bench-pg-"))
    cluster = Cluster(folder)
    postgres = cluster.start(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = folder.parent / f"{folder.name}-up.log"
    try:
        urls = cluster.databases_create(OWNERS)
        django_configure(urls)
        print(f"campus up on PostgreSQL; N = {n} completions per scenario, produced at up to")
        print(f"{rate:.0f}/s; {POISON} poison events injected straight onto the stream in each;")
        print(f"Redis keeps an append-only file. campus up's logs: {log}")
        with RedisServer() as server:

            def make_pipeline():
                return UpPipeline(server, urls, log)

            sound = faults_report(make_pipeline, n, rate, only=options.faults)
            if not options.no_figures:
                print()
                throughput_report(make_pipeline, n)
                poll = "relay polls every 50 ms, on PostgreSQL"
                latency_report(make_pipeline, n, rate, relay_poll=poll)
    finally:
        from django.db import connections

        connections.close_all()
        Cluster.stop(postgres)
        shutil.rmtree(folder, ignore_errors=True)
    if sound:
        log.unlink(missing_ok=True)
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
