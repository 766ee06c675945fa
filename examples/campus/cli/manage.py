"""``campus manage``: a Django management command run once, as one service or as none.

For example: ``CAMPUS_DATA_DIR=/tmp/campus campus manage --service catalog showmigrations catalog``
"""

import argparse

from campus.keys import DEMO_COURSE
from campus.registry import SERVICES

from .manage_refusals import refused_in_one_line

__all__ = ["HELP", "run", "subparser_add"]

HELP = f"""\
Run a Django management command with campus's code and configuration, once (an admin process).

With --service NAME it runs as that service, against that service's own database: the SQLite
files in CAMPUS_DATA_DIR, the folder a running `campus serve` was given; without that variable,
a fresh empty folder, so only commands such as migrate or showmigrations make sense. Without
--service it runs as no service at all: configuration checks work (check --tag twelvefactor),
but any command that reads or writes a table is refused, since campus has no shared database.

example:
  CAMPUS_DATA_DIR=/tmp/campus campus manage --service catalog \\
      course_enrollment close {DEMO_COURSE}"""


def subparser_add(commands) -> argparse.ArgumentParser:
    """The ``manage`` subparser, added to ``commands`` (see `campus.cli.parser`)."""
    manage = commands.add_parser(
        "manage",
        help="run a Django management command as one service",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    manage.add_argument(
        "--service",
        choices=[s.name for s in SERVICES if s.owns_data],
        help="run as this service, against its own database (default: as no service)",
    )
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the command and its arguments")
    return manage


def run(options: argparse.Namespace) -> int:
    """Run the command once; 0 when it ran, 2 (one line on stderr) when it was refused."""
    return _manage(options.service, options.args)


@refused_in_one_line
def _manage(service: str | None, args: list[str]) -> int:
    from django.core.management import execute_from_command_line

    from campus.assembly.databases import DatabaseScope, database_scope
    from campus.embedded.settings import configure

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
