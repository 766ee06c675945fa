"""``campus worker SERVICE``: run a service's Celery tasks from Redis until a signal.

For example: ``REDIS_URL=redis://127.0.0.1:6379/0 campus worker enrollments``
"""

import argparse
import os

from campus.loading import loading
from campus.registry import SERVICES

from .common import worker_redis_url

__all__ = ["HELP", "run", "subparser_add"]

HELP = "run a service's Celery tasks from Redis (REDIS_URL) until interrupted"


def subparser_add(commands) -> argparse.ArgumentParser:
    """The ``worker`` subparser, added to ``commands`` (see `campus.cli.parser`)."""
    worker = commands.add_parser("worker", help=HELP)
    worker.add_argument("service", choices=[s.name for s in SERVICES if s.tasks])
    return worker


def run(options: argparse.Namespace) -> int:
    """Run tasks until SIGINT or SIGTERM (Celery's own handlers); 2 without REDIS_URL."""
    with loading():  # Django, the apps and the worker's code (`campus.loading`)
        redis_url = worker_redis_url("worker", options.service)
        if redis_url is None:
            return 2
        from campus.assembly.task_worker import task_worker_run

    task_worker_run(options.service, redis_url=redis_url, environ=os.environ)
    return 0
