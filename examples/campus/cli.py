"""campus: run the platform, or an admin task as one of its services.

examples:
  campus serve                          # every service on its own port; Ctrl+C stops them
  campus serve --arch monolith --port 8000
  CAMPUS_DATA_DIR=/tmp/campus campus serve --port 8000
  CAMPUS_DATA_DIR=/tmp/campus campus manage --service catalog \\
      course_enrollment close course-v1:CampusX+PY101+2026   # in another terminal
  campus manage check --tag twelvefactor
  campus up                             # a gunicorn process per service, on PostgreSQL
  REDIS_URL=redis://127.0.0.1:6379/0 campus relay enrollments    # outbox -> Redis Streams
  REDIS_URL=redis://127.0.0.1:6379/0 campus consume credentials  # Redis Streams -> certificates

`campus serve` prints one JSON line of service URLs on stdout; logs go to stderr.
Each service answers / with links to its API docs (/docs), /openapi.json and /health.
"""

import argparse
import functools
import json
import math
import os
import signal
import sys
import threading

from campus.django_base import ConfigurationError
from campus.keys import DEMO_COURSE
from campus.registry import SERVICES

__all__ = ["main"]

SERVE_HELP = """\
Run the platform on 127.0.0.1 until interrupted (Ctrl+C, or SIGTERM).

--arch microservices (the default) starts each service on its own port with its own database;
the services call each other over HTTP. --arch monolith serves every service from one app over
one database. Once every port answers, one JSON line maps each name to its base URL on stdout,
e.g. {"catalog": "http://127.0.0.1:8000", ...}; then stderr gets one log line per request
(CAMPUS_LOG_LEVEL=WARNING keeps only problems). Without --port the ports are free ones picked
at random; with --port BASE they are BASE, BASE+1, ... in registry order:
  %s.
Set CAMPUS_DATA_DIR to a folder to let `campus manage` reach the same databases. Without
CAMPUS_DEMO_PASSWORD the demo accounts get a password made up for the run, said on stderr."""

UP_HELP = """\
Run the platform for real on 127.0.0.1: each service (or the monolith) in its own gunicorn
process, each with its own PostgreSQL database and role, until interrupted (Ctrl+C or SIGTERM).

Without CAMPUS_<NAME>_DATABASE_URL variables it starts a throwaway PostgreSQL cluster (as the
postgres user when run as root) and creates the databases; with them it attaches to those
databases and creates nothing. Migrations run as a release step before the web processes.
Once every /health answers, it prints the same JSON line of base URLs as `campus serve`; logs
of every process go to stderr, each line prefixed with the process's name, and after them one
summary: the URLs, their API docs (/docs), and how to sign in."""

MANAGE_HELP = f"""\
Run a Django management command with campus's code and configuration, once (an admin process).

With --service NAME it runs as that service, against that service's own database: the SQLite
files in CAMPUS_DATA_DIR, the folder a running `campus serve` was given; without that variable,
a fresh empty folder, so only commands such as migrate or showmigrations make sense. Without
--service it runs as no service at all: configuration checks work (check --tag twelvefactor),
but any command that reads or writes a table is refused, since campus has no shared database.

example:
  CAMPUS_DATA_DIR=/tmp/campus campus manage --service catalog \\
      course_enrollment close {DEMO_COURSE}"""

# Django's development server would serve campus.runtime.unrouted: a 404 on every path.
REFUSED_COMMANDS = {
    "runserver": "campus serves its services with `campus serve` (see campus serve --help)",
    "testserver": "campus serves its services with `campus serve` (see campus serve --help)",
}


# gunicorn's own advice is (2 x cores) + 1 workers; past a few dozen a service only crowds its
# machine and PostgreSQL's 100 connections.
MAX_WORKERS = 32
MAX_VISIBILITY_S = 3600.0  # a dead consumer's messages wait this long before another claims them


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="campus",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="run the platform on 127.0.0.1 until interrupted",
        description=SERVE_HELP % ", ".join(s.name for s in SERVICES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument(
        "--arch",
        choices=("monolith", "microservices"),
        default="microservices",
        help="microservices: a port and a database per service (default); monolith: one of each",
    )
    serve.add_argument(
        "--port",
        type=_base_port,
        metavar="BASE",
        help="first port; the next services take the ports after it (default: free ports)",
    )
    up = commands.add_parser(
        "up",
        help="run every service as its own gunicorn process, on PostgreSQL",
        description=UP_HELP,
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
        metavar="SERVICE=N",
        help="gunicorn workers of one service, over --workers (repeatable: --scale catalog=4)",
    )
    up.add_argument("--data-dir", help="keep the PostgreSQL cluster here (default: throwaway)")
    manage = commands.add_parser(
        "manage",
        help="run a Django management command as one service",
        description=MANAGE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    manage.add_argument(
        "--service",
        choices=[s.name for s in SERVICES if s.owns_data],
        help="run as this service, against its own database (default: as no service)",
    )
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the command and its arguments")
    for name, role, helps in (("relay", "publishes", _RELAY), ("consume", "consumes", _CONSUME)):
        worker = commands.add_parser(name, help=helps)
        names = [s.name for s in SERVICES if getattr(s, role)]
        worker.add_argument("service", choices=names)
        if name == "consume":
            worker.add_argument(
                "--visibility-timeout",
                type=_visibility,
                default=5.0,
                metavar="S",
                help="seconds before a dead consumer's messages are claimed",
            )
            worker.add_argument(
                "--max-attempts",
                type=_at_least_one,
                default=5,
                help="deliveries of one event before it is dead-lettered",
            )
    options = parser.parse_args(argv)
    try:
        return _run(options)
    except ConfigurationError as exc:
        # A bad value in the environment: one line naming the variable, not a traceback.
        print(f"campus {options.command}: {exc}", file=sys.stderr)
        return 2


def _scale(text: str) -> tuple[str, int]:
    name, _, count = text.partition("=")
    names = [*(s.name for s in SERVICES), "monolith"]
    if name not in names:
        raise argparse.ArgumentTypeError(f"{name!r} is not one of {', '.join(names)}")
    return name, _at_least_one(count)


def _run(options) -> int:
    if options.command == "up":
        from campus.process.up import run

        return run(
            options.arch,
            workers=options.workers,
            data_dir=options.data_dir,
            scale=dict(options.scale),
        )
    if options.command == "serve":
        return _serve(options.arch, options.port)
    if options.command in ("relay", "consume"):
        return _worker(options)
    return _manage(options.service, options.args)


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def _workers(text: str) -> int:
    value = _at_least_one(text)
    if value > MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{value} is more than {MAX_WORKERS} workers a service")
    return value


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


def _base_port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    highest = 65536 - len(SERVICES)
    if not 1 <= value <= highest:
        raise argparse.ArgumentTypeError(f"{value} is not a port from 1 to {highest}")
    return value


def _serve(arch: str, base_port: int | None) -> int:
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    platform = _platform_start(arch, base_port)
    try:
        print(json.dumps(platform.urls), flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        platform.stop()
    return 0


_RELAY = "publish a service's outbox to Redis Streams (REDIS_URL) until interrupted"
_CONSUME = "apply the events a service consumes from Redis Streams (REDIS_URL) until interrupted"


def _worker(options) -> int:
    command = options.command
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        print(f"campus {command}: set REDIS_URL, e.g. redis://127.0.0.1:6379/0", file=sys.stderr)
        return 2
    from redis.connection import parse_url

    try:
        parse_url(redis_url)
    except ValueError as exc:
        raise ConfigurationError(f"REDIS_URL={redis_url!r} is not a Redis URL: {exc}") from None
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        # A real process (`campus up`, the deploy artifacts) names its settings module: the
        # apps load under it before the runtime's modules import their models.
        import django

        django.setup()
    else:
        _data_folder_check(options.service)
    from campus.runtime import workers

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    if command == "relay":
        workers.relay_run(options.service, redis_url=redis_url, stop=stop)
    else:
        limits = {"visibility_timeout_s": options.visibility_timeout}
        limits["max_attempts"] = options.max_attempts
        workers.consumer_run(options.service, redis_url=redis_url, stop=stop, **limits)
    return 0


def _data_folder_check(service: str) -> None:
    """Outside a real process a worker acts on the SQLite file of ``service`` in CAMPUS_DATA_DIR;
    without one it would apply nothing and dead-letter every event, so it refuses to start."""
    folder = os.environ.get("CAMPUS_DATA_DIR")
    if not folder or not os.path.isfile(os.path.join(folder, f"{service}.sqlite3")):
        raise ConfigurationError(
            f"no {service} database in CAMPUS_DATA_DIR={folder or ''!r}: give the folder of a "
            "`campus serve` (or DATABASE_URL with DJANGO_SETTINGS_MODULE=campus.process.settings)"
        )


def _platform_start(arch: str, base_port: int | None):
    """The started platform, its URLs, the demo password when it was made up, and how to quieten
    or stop it said on stderr."""
    # One line per request unless the operator chose a level: `serve` is watched by a person.
    os.environ.setdefault("CAMPUS_LOG_LEVEL", "INFO")
    from campus.process.tokens_environ import demo_password_line
    from campus.runtime import Platform, PortUnavailable

    try:
        platform = Platform(arch, base_port=base_port).start()
    except PortUnavailable as exc:
        print(f"campus serve: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    lines = []
    if not os.environ.get("CAMPUS_DEMO_PASSWORD"):
        # Made up for this run (campus.runtime.settings): said in one line, as `campus up` does.
        lines.append(f"campus serve: {demo_password_line(platform.demo_password)}")
    lines.append(f"campus serve: {arch} on 127.0.0.1 (the JSON line on stdout lists these URLs)")
    lines += [f"  {name:12} {url}/   API docs: {url}/docs" for name, url in platform.urls.items()]
    if os.environ["CAMPUS_LOG_LEVEL"].upper() in ("DEBUG", "INFO"):
        lines.append("One line per request follows; CAMPUS_LOG_LEVEL=WARNING keeps only problems.")
    else:
        lines.append("Requests are not logged; CAMPUS_LOG_LEVEL=INFO logs one line each.")
    lines.append("Ctrl+C (or SIGTERM) stops every service.")
    print("\n".join(lines), file=sys.stderr, flush=True)
    return platform


def _refused_in_one_line(manage):
    """Refusals of `campus manage` as one line on stderr and exit status 2, not a traceback."""

    @functools.wraps(manage)
    def run(service: str | None, args: list[str]) -> int:
        folder = os.environ.get("CAMPUS_DATA_DIR")
        if folder and not os.path.isdir(folder):  # checked first: importing Django would make it
            return _refuse(
                f"CAMPUS_DATA_DIR={folder!r} is not a folder: give the one a running "
                "`campus serve` was started with"
            )
        from django.core.exceptions import ImproperlyConfigured
        from django.db import DatabaseError

        from campus.runtime import NoServiceBound

        if args and args[0] in REFUSED_COMMANDS:
            return _refuse(f"not {args[0]}: {REFUSED_COMMANDS[args[0]]}")
        try:
            return manage(service, args)
        except (ImproperlyConfigured, NoServiceBound) as exc:
            if service is not None:
                raise
            # Django's "default" database is left empty on purpose: nothing to fall back to.
            owners = " or ".join(s.name for s in SERVICES if s.owns_data)
            return _refuse(
                f"{args[0]} needs a database, and campus has none outside its services "
                f"({type(exc).__name__}); run it as one: --service {owners}"
            )
        except DatabaseError as exc:
            return _refuse(_database_problem(service, exc))

    return run


def _refuse(message: str) -> int:
    print(f"campus manage: {message}", file=sys.stderr)
    return 2


@_refused_in_one_line
def _manage(service: str | None, args: list[str]) -> int:
    from django.core.management import execute_from_command_line

    from campus.runtime import DatabaseScope, database_scope
    from campus.runtime.settings import configure

    configure()
    if service is None:
        execute_from_command_line(["campus manage", *args])
        return 0
    with database_scope(DatabaseScope(service, {service: service})):
        execute_from_command_line(["campus manage", *args, *_database_option(args, service)])
    return 0


def _database_problem(service: str, exc: Exception) -> str:
    """One line on a database the command could not use, and what to do about it."""
    from django.db import connections

    folder = os.path.dirname(connections[service].settings_dict["NAME"])
    if "no such table" not in str(exc):
        return f"the {service} database in {folder} failed: {exc}"
    if "CAMPUS_DATA_DIR" not in os.environ:
        return (
            f"no {service} database to act on ({exc}): set CAMPUS_DATA_DIR to the folder "
            "of a running `campus serve` (start it with the same CAMPUS_DATA_DIR)"
        )
    return (
        f"the {service} database in {folder} has no tables ({exc}): start `campus serve "
        "--arch microservices` with this CAMPUS_DATA_DIR first (a monolith keeps every table "
        f"in one database), or run `campus manage --service {service} migrate`"
    )


def _database_option(args: list[str], service: str) -> list[str]:
    """``--database SERVICE`` for a command that takes that option and was not given it.

    Commands such as migrate default to the "default" database, which campus leaves empty so
    that nothing falls back to a shared database by accident.
    """
    from django.core.management import get_commands, load_command_class

    if not args or any(a.split("=")[0] == "--database" for a in args):
        return []
    app = get_commands().get(args[0])
    if app is None:
        return []  # Django names the unknown command itself
    parser = load_command_class(app, args[0]).create_parser("campus manage", args[0])
    return ["--database", service] if parser.get_default("database") else []


if __name__ == "__main__":
    sys.exit(main())
