"""What a real campus process reads from its environment, checked before Django starts.

One image serves every service: ``CAMPUS_SERVICE`` picks which. A service that owns data needs
``DATABASE_URL``; every process needs ``SECRET_KEY``; a service that calls a neighbour or sends it
events needs that neighbour's base URL (``CAMPUS_CATALOG_URL`` ...). Tokens: every process names
the issuer (``CAMPUS_TOKEN_ISSUER``); the identity provider (and the monolith, which is its own)
needs its signing key (``CAMPUS_IDENTITY_PRIVATE_KEY``, RSA PEM); every other service the
identity's URL, for its keys and its token endpoint (``CAMPUS_IDENTITY_URL``), and a service that
calls a neighbour its own client secret (``CAMPUS_DASHBOARD_CLIENT_SECRET`` ...). None of these
has a default. A missing one stops the process with one line naming it:

    >>> settings_read({"CAMPUS_SERVICE": "catalog"})
    Traceback (most recent call last):
    ...
    campus.process.environment.MissingVariable: SECRET_KEY is not set: ...
"""

from collections.abc import Mapping

import environ as django_environ

from campus.assembly.config import flag_read, url_variable
from campus.django_base import ConfigurationError
from campus.registry import IDENTITY, SERVICES, service_get
from campus.tokens.keys import InvalidSigningKey, signing_key_read

__all__ = [
    "DEMO_PASSWORD",
    "ISSUER",
    "MONOLITH",
    "PRIVATE_KEY",
    "PROCESS_TYPES",
    "MissingVariable",
    "client_secret_variable",
    "database_variable",
    "neighbours",
    "required_variables",
    "seed_variables",
    "settings_read",
    "url_variable",
    "variables_read",
]

MONOLITH = "monolith"
PROCESS_TYPES = (*(s.name for s in SERVICES), MONOLITH)
# Read when present, with a default otherwise (see campus.assembly.config and campus.django_base).
OPTIONAL = (
    "ALLOWED_HOSTS",
    "DEBUG",
    "CAMPUS_HTTP_TIMEOUT",
    "CAMPUS_HTTP_RETRIES",
    "CAMPUS_DEADLINE",
    "CAMPUS_HTTP_BREAKER",
    "CAMPUS_HTTP_BACKOFF",
    "CAMPUS_DASHBOARD_TITLE_TTL",
    "CAMPUS_DASHBOARD_READ_MODEL",
    "CAMPUS_LOG_LEVEL",
    "CAMPUS_LOG_STREAM",
    "REDIS_URL",  # the event workers need it (`campus relay`, `campus consume`); the audit reads it
)
DEFAULT_HOSTS = ["127.0.0.1", "localhost"]
ISSUER = "CAMPUS_TOKEN_ISSUER"
PRIVATE_KEY = "CAMPUS_IDENTITY_PRIVATE_KEY"
DEMO_PASSWORD = "CAMPUS_DEMO_PASSWORD"


class MissingVariable(ValueError):
    """A variable the process cannot start without is unset or invalid; the message names it."""


def database_variable(process_type: str) -> str:
    """``CAMPUS_CATALOG_DATABASE_URL``: what `campus up` attaches the catalog to, when set."""
    return f"CAMPUS_{process_type.upper()}_DATABASE_URL"


def neighbours(process_type: str) -> tuple[str, ...]:
    """The services a process of this type calls over HTTP, in registry order (events go
    through its outbox and Redis, not to a neighbour's URL)."""
    if process_type == MONOLITH:
        return ()  # every part is in the same process
    spec = service_get(process_type)
    return tuple(s.name for s in SERVICES if s.name in spec.calls)


def client_secret_variable(service: str) -> str:
    """``CAMPUS_DASHBOARD_CLIENT_SECRET``: the dashboard's OAuth2 client secret."""
    return f"CAMPUS_{service.upper()}_CLIENT_SECRET"


def _callers() -> list[str]:
    return [s.name for s in SERVICES if s.calls]


def token_variables(process_type: str) -> list[str]:
    """The token variables a process of this type needs (see the module's docstring)."""
    if process_type in (MONOLITH, IDENTITY):
        return [ISSUER, PRIVATE_KEY]
    names = [ISSUER, url_variable(IDENTITY)]
    return names + (
        [client_secret_variable(process_type)] if service_get(process_type).calls else []
    )


def seed_variables(process_type: str) -> list[str]:
    """What the release step of the identity provider (or the monolith) also needs: the demo
    accounts' password and every service client's secret, which it stores hashed."""
    if process_type not in (MONOLITH, IDENTITY):
        return []
    return [DEMO_PASSWORD, *(client_secret_variable(name) for name in _callers())]


def owns_data(process_type: str) -> bool:
    return process_type == MONOLITH or service_get(process_type).owns_data


def required_variables(process_type: str) -> list[str]:
    """The variables a process of this type refuses to start without."""
    names = ["CAMPUS_SERVICE", "SECRET_KEY"]
    if owns_data(process_type):
        names.append("DATABASE_URL")
    names += [url_variable(n) for n in neighbours(process_type)]
    return names + token_variables(process_type)


def variables_read(process_type: str) -> list[str]:
    """Every variable a process of this type reads: what a deploy must (or may) set."""
    return required_variables(process_type) + list(OPTIONAL)


def settings_read(environ: Mapping[str, str]) -> dict:
    """Django settings values from ``environ``; raises `MissingVariable` naming what is wrong.

    Returns ``service``, ``secret_key``, ``debug``, ``allowed_hosts``, ``database`` (a Django
    DATABASES entry, or None for a service that owns no data), ``issuer``, ``private_key`` (or
    None), ``identity_url`` (or None) and ``client_secrets`` (by service; empty, or its own).
    """
    service = environ.get("CAMPUS_SERVICE", "")
    if service not in PROCESS_TYPES:
        raise MissingVariable(
            f"CAMPUS_SERVICE={service!r} must name the process to run: one of {PROCESS_TYPES}"
        )
    for name in required_variables(service):
        if not environ.get(name):
            raise MissingVariable(f"{name} is not set: {_WHY.get(name, _WHY_NEIGHBOUR)}")
    env = django_environ.Env()
    env.ENVIRON = dict(environ)  # read the mapping given, not the process's environment
    database = None
    if owns_data(service):
        try:
            database = env.db_url("DATABASE_URL")
        except Exception as exc:  # django-environ raises several kinds for a malformed URL
            raise MissingVariable(f"DATABASE_URL is not a database URL: {exc}") from None
        # One connection per worker kept open across requests, checked before reuse.
        database.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    try:
        debug = flag_read(environ, "DEBUG", False)
    except ConfigurationError as exc:
        raise MissingVariable(str(exc)) from None
    private_key = environ.get(PRIVATE_KEY)
    if private_key is not None:
        try:
            signing_key_read(private_key, name=PRIVATE_KEY)
        except InvalidSigningKey as exc:
            raise MissingVariable(str(exc)) from None
    secrets = {n: environ[client_secret_variable(n)] for n in _callers() if n == service}
    return {
        "issuer": environ[ISSUER],
        "private_key": private_key if service in (MONOLITH, IDENTITY) else None,
        "identity_url": environ.get(url_variable(IDENTITY)) if service != MONOLITH else None,
        "client_secrets": secrets,
        "service": service,
        "secret_key": environ["SECRET_KEY"],
        "debug": debug,
        "allowed_hosts": env.list("ALLOWED_HOSTS", default=DEFAULT_HOSTS),
        "database": database,
    }


_WHY = {
    "SECRET_KEY": "Django signs with it; give each deploy its own long random value.",
    "DATABASE_URL": "this service owns data; give its database, e.g. postgres://user:pw@host/db.",
    ISSUER: "tokens name their issuer; give the same value to identity and every service.",
    PRIVATE_KEY: "identity signs tokens with it; give an RSA private key (PEM, 2048 bits+).",
    url_variable(IDENTITY): "this service verifies tokens with identity's keys; give its URL.",
    **{
        client_secret_variable(n): "this service calls neighbours with its own token; give "
        "the client secret the identity's release stored for it."
        for n in _callers()
    },
}
_WHY_NEIGHBOUR = "this service calls that neighbour; give its base URL, e.g. http://catalog:8000."
