"""``campus up``: each service in its own gunicorn process, on PostgreSQL (`campus.process.up`).

For example: ``campus up --workers 2 --scale catalog=4``, or without one event worker:
``campus up --scale enrollments-relay=0``
"""

import argparse
import sys

from campus.loading import loading, stopped
from campus.registry import SERVICES

from .common import at_least_one

__all__ = ["HELP", "MAX_WORKERS", "run", "subparser_add"]

HELP = """\
Run the platform for real on 127.0.0.1: each service (or the monolith) in its own gunicorn
process, each with its own PostgreSQL database and role, until interrupted (Ctrl+C or SIGTERM).

Without CAMPUS_<NAME>_DATABASE_URL variables it starts a throwaway PostgreSQL cluster (as the
postgres user when run as root) and creates the databases; with them it attaches to those
databases and creates nothing. Migrations run as a release step before the web processes; a
new cluster is a copy of one already migrated, so they start beside it.
Once every /health answers, it prints the same JSON line of base URLs as `campus serve`; logs
of every process go to stderr, each line prefixed with the process's name, and after them one
summary: the URLs, their API docs (/docs), and how to sign in."""

# gunicorn's own advice is (2 x cores) + 1 workers; past a few dozen a service only crowds its
# machine and PostgreSQL's 100 connections.
MAX_WORKERS = 32


def subparser_add(commands) -> argparse.ArgumentParser:
    """The ``up`` subparser, added to ``commands`` (see `campus.cli.parser`)."""
    up = commands.add_parser(
        "up",
        help="run every service as its own gunicorn process, on PostgreSQL",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    up.add_argument("--arch", choices=("microservices", "monolith"), default="microservices")
    up.add_argument(
        "--workers", type=_workers, default=1, help=f"gunicorn workers per service, 1-{MAX_WORKERS}"
    )
    up.add_argument(
        "--scale",
        type=_scale,
        action="append",
        default=[],
        metavar="TYPE=N",
        help="gunicorn workers of one service, over --workers, or 0 to start an event worker "
        "without (repeatable: --scale catalog=4 --scale enrollments-relay=0)",
    )
    up.add_argument("--data-dir", help="keep the PostgreSQL cluster here (default: throwaway)")
    return up


def run(options: argparse.Namespace) -> int:
    """Start the processes, supervise them until a signal, and return their exit status."""
    # Imported here: the supervisor configures no Django, and `campus --help` stays fast.
    from campus.process.unused_imports import unused_imports_refused

    unused_imports_refused()  # a real process, as every process it starts
    with loading():  # `campus.loading`
        from campus.process.event_worker_types import scale_check
        from campus.process.up import process_types
        from campus.process.up import run as up_run

    try:  # a --scale the parser took may still not fit --arch (catalog=4 on the monolith)
        scale_check(process_types(options.arch), options.workers, dict(options.scale))
    except ValueError as refused:
        print(f"campus up: error: argument --scale: {refused}", file=sys.stderr)
        return 2
    try:
        return up_run(
            options.arch,
            workers=options.workers,
            data_dir=options.data_dir,
            scale=dict(options.scale),
        )
    finally:
        stopped()


def _workers(text: str) -> int:
    value = at_least_one(text)
    if value > MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{value} is more than {MAX_WORKERS} workers a service")
    return value


def _scale(text: str) -> tuple[str, int]:
    # Imported here: it imports redis-py, and `campus --help` stays fast.
    from campus.process.event_worker_types import worker_types

    name, _, count = text.partition("=")
    events = worker_types()  # one process or none
    names = [*(s.name for s in SERVICES), "monolith", *events]
    if name not in names:
        raise argparse.ArgumentTypeError(f"{name!r} is not one of {', '.join(names)}")
    if name in events and count not in ("0", "1"):
        raise argparse.ArgumentTypeError(f"{name} runs as one process or none, not {count!r}")
    return name, int(count) if name in events else at_least_one(count)
