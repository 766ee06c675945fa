"""How ``campus manage`` refuses: one line on stderr and exit status 2, never a traceback."""

import functools
import os
import sys

from campus.assembly.config import given
from campus.registry import SERVICES

__all__ = ["REFUSED_COMMANDS", "refused_in_one_line"]

# Django's development server would serve campus.assembly.unrouted: a 404 on every path.
REFUSED_COMMANDS = {
    "runserver": "campus serves its services with `campus serve` (see campus serve --help)",
    "testserver": "campus serves its services with `campus serve` (see campus serve --help)",
}


def refused_in_one_line(manage):
    """Refusals of `campus manage` as one line on stderr and exit status 2, not a traceback.

    >>> refused_in_one_line(manage)(None, ["runserver"])    # doctest: +SKIP
    campus manage: not runserver: campus serves its services with `campus serve` (see ...)
    2
    """

    @functools.wraps(manage)
    def run(service: str | None, args: list[str]) -> int:
        folder = given(os.environ, "CAMPUS_DATA_DIR")
        if folder and not os.path.isdir(folder):  # checked first: importing Django would make it
            return _refuse(
                f"CAMPUS_DATA_DIR={folder!r} is not a folder: give the one a running "
                "`campus serve` was started with"
            )
        from django.core.exceptions import ImproperlyConfigured
        from django.db import DatabaseError

        from campus.assembly.databases import NoServiceBound

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


def _database_problem(service: str, exc: Exception) -> str:
    """One line on a database the command could not use, and what to do about it."""
    from django.db import connections

    folder = os.path.dirname(connections[service].settings_dict["NAME"])
    if "no such table" not in str(exc):
        return f"the {service} database in {folder} failed: {exc}"
    if given(os.environ, "CAMPUS_DATA_DIR") is None:
        return (
            f"no {service} database to act on ({exc}): set CAMPUS_DATA_DIR to the folder "
            "of a running `campus serve` (start it with the same CAMPUS_DATA_DIR)"
        )
    return (
        f"the {service} database in {folder} has no tables ({exc}): start `campus serve "
        "--arch microservices` with this CAMPUS_DATA_DIR first (a monolith keeps every table "
        f"in one database), or run `campus manage --service {service} migrate`"
    )
