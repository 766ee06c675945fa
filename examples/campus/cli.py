"""The ``campus`` command.

campus serve --arch microservices     # one JSON line of service URLs on stdout, logs on stderr
campus manage --service catalog course_enrollment close course-v1:CampusX+PY101+2026
campus manage check --tag twelvefactor
REDIS_URL=redis://127.0.0.1:6379/0 campus relay enrollments    # outbox -> Redis Streams
REDIS_URL=redis://127.0.0.1:6379/0 campus consume credentials  # Redis Streams -> certificates
"""

import argparse
import json
import signal
import sys
import threading

from campus.registry import SERVICES

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="campus", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the platform on 127.0.0.1 until interrupted")
    serve.add_argument("--arch", choices=("monolith", "microservices"), default="microservices")
    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument(
        "--service",
        choices=[s.name for s in SERVICES if s.owns_data],
        help="run as this service, against its own database",
    )
    manage.add_argument("args", nargs=argparse.REMAINDER)
    for name, role, helps in (("relay", "publishes", _RELAY), ("consume", "consumes", _CONSUME)):
        worker = commands.add_parser(name, help=helps)
        names = [s.name for s in SERVICES if getattr(s, role)]
        worker.add_argument("service", choices=names)
        if name == "consume":
            worker.add_argument(
                "--visibility-timeout",
                type=float,
                default=5.0,
                metavar="S",
                help="seconds before a dead consumer's messages are claimed",
            )
            worker.add_argument(
                "--max-attempts",
                type=int,
                default=5,
                help="deliveries of one event before it is dead-lettered",
            )
    options = parser.parse_args(argv)
    if options.command == "serve":
        return _serve(options.arch)
    if options.command in ("relay", "consume"):
        return _worker(options)
    return _manage(options.service, options.args)


def _serve(arch: str) -> int:
    from campus.runtime import Platform

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    platform = Platform(arch).start()
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
    import os

    command = options.command
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        print(f"campus {command}: set REDIS_URL, e.g. redis://127.0.0.1:6379/0", file=sys.stderr)
        return 2
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
