"""The ``campus`` argument parser: one subcommand per module of this package.

Each command module adds its own subparser (``subparser_add``) and runs it (``run``); importing
one imports nothing heavy, so ``campus --help`` stays fast and Django loads only inside a run.

    >>> options = parser_build("campus: ...").parse_args(["serve", "--arch", "monolith"])
    >>> options.run(options)    # doctest: +SKIP
"""

import argparse

from . import consume, manage, relay, serve, up, worker

__all__ = ["COMMANDS", "parser_build"]

COMMANDS = (serve, up, manage, relay, consume, worker)  # in the order `campus --help` lists them


def parser_build(description: str) -> argparse.ArgumentParser:
    """The parser of every command; the chosen one's ``run(options)`` is ``options.run``."""
    parser = argparse.ArgumentParser(
        prog="campus",
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.subparser_add(commands).set_defaults(run=command.run)
    return parser
