"""Wait until the release has migrated this process's database: what a new Pod runs first.

    $ python -m campus.process.migrations_wait --timeout 600     # exit 0 once migrated

Kubernetes runs the release (``python -m campus.process.release``) as a Job, and nothing makes a
Deployment's new Pods wait for a Job. So each Pod of a service that owns data starts with this
as its init container: under `campus.process.settings`, it asks every database of the process
whether a migration of this image is still unapplied (Django's ``MigrationExecutor`` plan, as
``migrate --check`` does), every two seconds, and exits 0 once none is. The web process and the
workers start only then, so no code ever runs on a schema older than itself. A database that
does not answer yet is asked again. Exit 1 after ``--timeout`` seconds.
"""

import argparse
import os
import sys
import time

__all__ = ["main", "unapplied"]

INTERVAL_S = 2.0


def unapplied(alias: str) -> list[str]:
    """The migrations of this image not yet applied to database ``alias``."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.process.migrations_wait")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus.process.settings")
    import django
    from django.conf import settings
    from django.db import DatabaseError, connections

    django.setup()
    aliases = [a for a in settings.DATABASES if a != "default"]
    ends = time.monotonic() + options.timeout
    while True:
        try:
            waiting = [m for alias in aliases for m in unapplied(alias)]
        except DatabaseError as exc:
            waiting = [f"a database ({str(exc).splitlines()[0][:120]})"]
        finally:
            connections.close_all()
        if not waiting:
            return 0
        if time.monotonic() >= ends:
            left = f"{len(waiting)} still unapplied after {options.timeout:.0f} s"
            print(f"{left}, such as {waiting[:3]}", file=sys.stderr)
            return 1
        time.sleep(INTERVAL_S)


if __name__ == "__main__":
    sys.exit(main())
