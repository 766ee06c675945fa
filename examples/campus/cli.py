"""The ``campus`` command.

campus serve --arch microservices     # one JSON line of service URLs on stdout, logs on stderr
campus manage --service catalog course_enrollment close course-v1:CampusX+PY101+2026
campus manage check --tag twelvefactor
"""

import argparse
import json
import signal
import sys
import threading

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="campus", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the platform on 127.0.0.1 until interrupted")
    serve.add_argument("--arch", choices=("monolith", "microservices"), default="microservices")
    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("--service", help="run as this service, against its own database")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    if options.command == "serve":
        return _serve(options.arch)
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


def _manage(service: str | None, args: list[str]) -> int:
    from django.core.management import execute_from_command_line

    from campus.runtime import DatabaseScope, database_scope
    from campus.runtime.settings import configure

    configure()
    if service is None:
        execute_from_command_line(["campus manage", *args])
        return 0
    with database_scope(DatabaseScope(service, {service: service})):
        execute_from_command_line(["campus manage", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
