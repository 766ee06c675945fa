"""``campus relay SERVICE``: publish a service's outbox to Redis Streams until a signal.

For example: ``REDIS_URL=redis://127.0.0.1:6379/0 campus relay enrollments``
"""

import argparse

from campus.loading import loading
from campus.registry import SERVICES

from .common import stop_on_signals, worker_redis_url

__all__ = ["HELP", "run", "subparser_add"]

HELP = "publish a service's outbox to Redis Streams (REDIS_URL) until interrupted"


def subparser_add(commands) -> argparse.ArgumentParser:
    """The ``relay`` subparser, added to ``commands`` (see `campus.cli.parser`)."""
    relay = commands.add_parser("relay", help=HELP)
    relay.add_argument("service", choices=[s.name for s in SERVICES if s.publishes])
    return relay


def run(options: argparse.Namespace) -> int:
    """Relay until SIGINT or SIGTERM; 2 without REDIS_URL."""
    with loading():  # Django, the apps and the worker's code (`campus.loading`)
        redis_url = worker_redis_url("relay", options.service)
        if redis_url is None:
            return 2
        from campus.assembly import event_workers as workers

    workers.relay_run(options.service, redis_url=redis_url, stop=stop_on_signals())
    return 0
