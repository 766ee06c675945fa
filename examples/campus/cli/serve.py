"""``campus serve``: every service inside this one process, on 127.0.0.1, until a signal.

For example: ``campus serve --arch monolith --port 8000``
"""

import argparse
import json
import os
import sys

from campus.assembly.config import DEMO_PASSWORD, given, value
from campus.registry import SERVICES

from .common import stop_on_signals

__all__ = ["HELP", "run", "subparser_add"]

HELP = """\
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


def subparser_add(commands) -> argparse.ArgumentParser:
    """The ``serve`` subparser, added to ``commands`` (see `campus.cli.parser`)."""
    serve = commands.add_parser(
        "serve",
        help="run the platform on 127.0.0.1 until interrupted",
        description=HELP % ", ".join(s.name for s in SERVICES),
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
    return serve


def run(options: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM, then stop every service; 0 once stopped."""
    return _serve(options.arch, options.port)


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
    stop = stop_on_signals()
    platform = _platform_start(arch, base_port)
    try:
        print(json.dumps(platform.urls), flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        platform.stop()
    return 0


def _platform_start(arch: str, base_port: int | None):
    """The started platform, its URLs, the demo password when it was made up, and how to quieten
    or stop it said on stderr."""
    # One line per request unless the operator chose a level: `serve` is watched by a person.
    os.environ.setdefault("CAMPUS_LOG_LEVEL", "INFO")
    from campus.embedded import Platform, PortUnavailable
    from campus.process.throwaway_secrets import demo_password_line

    try:
        platform = Platform(arch, base_port=base_port).start()
    except PortUnavailable as exc:
        print(f"campus serve: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    lines = []
    if not given(os.environ, DEMO_PASSWORD):
        # Made up for this run (campus.embedded.settings): said in one line, as `campus up` does.
        lines.append(f"campus serve: {demo_password_line(platform.demo_password)}")
    lines.append(f"campus serve: {arch} on 127.0.0.1 (the JSON line on stdout lists these URLs)")
    lines += [f"  {name:12} {url}/   API docs: {url}/docs" for name, url in platform.urls.items()]
    if value(os.environ, "CAMPUS_LOG_LEVEL") in ("DEBUG", "INFO"):
        lines.append("One line per request follows; CAMPUS_LOG_LEVEL=WARNING keeps only problems.")
    else:
        lines.append("Requests are not logged; CAMPUS_LOG_LEVEL=INFO logs one line each.")
    lines.append("Ctrl+C (or SIGTERM) stops every service.")
    print("\n".join(lines), file=sys.stderr, flush=True)
    return platform
