"""The release step: migrate databases, then exit (an admin process, twelve-factor XII, run
against the release, V).

    $ CAMPUS_SERVICE=catalog SECRET_KEY=... DATABASE_URL=... python -m campus.process.release

The identity provider's release (and the monolith's) also stores the demo accounts and the
service clients with the password and secrets of its environment (``CAMPUS_DEMO_PASSWORD``,
``CAMPUS_<SERVICE>_CLIENT_SECRET``): running it again with new ones rotates them.

Run once per release before the web processes start (the compose ``migrate`` services and the
Kubernetes Jobs run it per service, as above; a service without data has nothing to do).

``campus up`` migrates every database in one process instead: ``CAMPUS_RELEASE_DATABASES`` holds
a JSON object of database URLs by alias (``{"catalog": "postgres://...", ...}``; an alias is a
process type, so the router migrates each service's tables into its own database, and all of
them into ``monolith``). Django and the apps load once rather than once per database, which was
most of the time `campus up` took to be ready. The URLs travel in the environment, not on the
command line, where ``ps`` would show their passwords.
"""

import os
import secrets
import sys

from campus.assembly.config import (
    DEMO_PASSWORD,
    client_secret_variable,
    flag_read,
    given,
    seed_variables,
    value,
)
from campus.loading import loading

__all__ = ["MIGRATED", "RELEASE_DATABASES", "TEMPLATE_COPY", "main"]

RELEASE_DATABASES = "CAMPUS_RELEASE_DATABASES"
TEMPLATE_COPY = "CAMPUS_RELEASE_TEMPLATE_COPY"  # set by `campus up` only; see `main`
MIGRATED = "every database migrated"  # the line that says so, before any account is stored


def main() -> int:
    # Imported here: `campus up` imports this module for its names (`MIGRATED`...) and, with
    # these at the top, loaded Django's ORM and PostgreSQL backend for nothing.
    import django
    from django.conf import settings
    from django.core.management import call_command

    from campus.process.environment import MissingVariable

    many = value(os.environ, RELEASE_DATABASES)
    if many:
        settings.configure(**_settings(many))
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus.process.settings")
    with loading():  # `campus.loading`
        django.setup()
    aliases = [a for a in settings.DATABASES if a != "default"]
    if not aliases:
        print(f"{settings.CAMPUS_SERVICE} owns no database: nothing to migrate", file=sys.stderr)
        return 0
    if flag_read(os.environ, TEMPLATE_COPY, default=False):
        # `campus up` made these databases a moment ago, copies of the template it builds once
        # per set of migrations (`campus.process.cluster_template`, keyed on their contents):
        # migrate would load every migration to find nothing to apply.
        print("the databases are fresh copies of the migrated template", file=sys.stderr)
    else:
        for alias in aliases:
            # The system checks run in CI and in `check --deploy`; a release only migrates (they
            # would cost a second of start-up on a small machine).
            print(f"migrating {alias}", file=sys.stderr, flush=True)
            call_command(
                "migrate", database=alias, interactive=False, verbosity=1, skip_checks=True
            )
    # The schema is what the web processes need; `campus up` starts them on this line, while
    # the accounts below are stored (hashing their passwords is most of a release's time).
    print(MIGRATED, file=sys.stderr, flush=True)
    for alias in aliases:
        if seed_variables(alias):
            try:
                _identity_seed(alias)
            except MissingVariable as exc:
                print(f"campus: {exc}", file=sys.stderr)
                return 2
    return 0


def _identity_seed(alias: str) -> None:
    """The demo accounts and service clients of the identity provider's database (or the
    monolith's), with the password and secrets of the environment (`seed_variables`)."""
    from campus.assembly.databases import database_scope
    from campus.assembly.service_events import monolith_scope, service_scope
    from campus.identity.api import identity_seed, service_clients
    from campus.process.environment import MissingVariable
    from campus.registry import IDENTITY, service_get

    for name in seed_variables(alias):
        if not given(os.environ, name):
            raise MissingVariable(f"{name} is not set: the release stores it for {alias}")
    secrets_ = {n: value(os.environ, client_secret_variable(n)) for n in service_clients()}
    scope = monolith_scope() if alias == "monolith" else service_scope(service_get(IDENTITY))
    print(f"storing the demo accounts and service clients in {alias}", file=sys.stderr)
    with database_scope(scope):
        identity_seed(
            alias=alias, demo_password=value(os.environ, DEMO_PASSWORD), client_secrets=secrets_
        )


def _settings(urls: dict[str, str]) -> dict:
    """Just what ``migrate`` needs: the apps, the databases, the router."""
    import environ

    from campus import django_base

    databases = {"default": {}}
    databases |= {alias: environ.Env.db_url_config(url) for alias, url in urls.items()}
    return {
        "INSTALLED_APPS": django_base.INSTALLED_APPS,
        "DATABASES": databases,
        "DATABASE_ROUTERS": ["campus.assembly.databases.ServiceRouter"],
        # How the identity's accounts and client secrets are stored, as its process checks them.
        "PASSWORD_HASHERS": django_base.PASSWORD_HASHERS,
        "OAUTH2_PROVIDER": {"CLIENT_SECRET_HASHER": django_base.CLIENT_SECRET_HASHER},
        "SECRET_KEY": secrets.token_urlsafe(32),  # signs nothing: migrations only
        "USE_TZ": True,
        "CAMPUS_SERVICE": "release",
    }


if __name__ == "__main__":
    sys.exit(main())
