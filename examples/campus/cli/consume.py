"""``campus consume SERVICE``: apply the events a service consumes from Redis Streams until a
signal.

For example: ``REDIS_URL=redis://127.0.0.1:6379/0 campus consume credentials --max-attempts 3``
"""

import argparse
import math

from campus.loading import loading
from campus.registry import SERVICES

from .common import at_least_one, stop_on_signals, worker_redis_url

__all__ = ["HELP", "MAX_VISIBILITY_S", "run", "subparser_add"]

HELP = "apply the events a service consumes from Redis Streams (REDIS_URL) until interrupted"

MAX_VISIBILITY_S = 3600.0  # a dead consumer's messages wait this long before another claims them


def subparser_add(commands) -> argparse.ArgumentParser:
    """The ``consume`` subparser, added to ``commands`` (see `campus.cli.parser`)."""
    consume = commands.add_parser("consume", help=HELP)
    consume.add_argument("service", choices=[s.name for s in SERVICES if s.consumes])
    consume.add_argument(
        "--visibility-timeout",
        type=_visibility,
        default=5.0,
        metavar="S",
        help="seconds before a dead consumer's messages are claimed",
    )
    consume.add_argument(
        "--max-attempts",
        type=at_least_one,
        default=5,
        help="deliveries of one event before it is dead-lettered",
    )
    return consume


def run(options: argparse.Namespace) -> int:
    """Consume until SIGINT or SIGTERM; 2 without REDIS_URL."""
    with loading():  # Django, the apps and the worker's code (`campus.loading`)
        redis_url = worker_redis_url("consume", options.service)
        if redis_url is None:
            return 2
        from campus.assembly import event_workers as workers

    limits = {"visibility_timeout_s": options.visibility_timeout}
    limits["max_attempts"] = options.max_attempts
    workers.consumer_run(options.service, redis_url=redis_url, stop=stop_on_signals(), **limits)
    return 0


def _visibility(text: str) -> float:
    value = _seconds(text)
    if value > MAX_VISIBILITY_S:
        raise argparse.ArgumentTypeError(f"{text} is over an hour: a dead consumer's messages wait")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < math.inf:  # written so that nan fails too
        raise argparse.ArgumentTypeError(f"{text} is not a finite number of seconds above 0")
    return value
