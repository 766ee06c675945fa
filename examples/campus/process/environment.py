"""What a real campus process needs from its environment, checked before Django starts.

One image serves every service: ``CAMPUS_SERVICE`` picks which. A service that owns data needs
``DATABASE_URL``; every process needs ``SECRET_KEY``; a service that calls a neighbour or sends it
events needs that neighbour's base URL (``CAMPUS_CATALOG_URL`` ...). Tokens: every process names
the issuer (``CAMPUS_TOKEN_ISSUER``); the identity provider (and the monolith, which is its own)
needs its signing key (``CAMPUS_IDENTITY_PRIVATE_KEY``, RSA PEM); every other service the
identity's URL, for its keys and its token endpoint (``CAMPUS_IDENTITY_URL``), and a service that
calls a neighbour its own client secret (``CAMPUS_DASHBOARD_CLIENT_SECRET`` ...). None of these
has a default. Which process type needs which is in the catalogue
(`campus.assembly.config.variables`); this module reads them and names the one missing:

    >>> settings_read({"CAMPUS_SERVICE": "catalog"})
    Traceback (most recent call last):
    ...
    campus.process.environment.MissingVariable: SECRET_KEY is not set: ...
"""

from collections.abc import Mapping

from campus.assembly.config import (
    ISSUER,
    MONOLITH,
    PRIVATE_KEY,
    PROCESS_TYPES,
    ConfigurationError,
    client_secret_variable,
    given,
    owns_data,
    required_variables,
    url_variable,
    value,
)
from campus.process.deadline_backend import bounded
from campus.registry import IDENTITY, SERVICES, service_get
from campus.tokens.keys import InvalidSigningKey, signing_key_read

__all__ = ["MissingVariable", "settings_read"]


class MissingVariable(ValueError):
    """A variable the process cannot start without is unset or invalid; the message names it."""


def settings_read(environ: Mapping[str, str]) -> dict:
    """Django settings values from ``environ``; raises `MissingVariable` naming what is wrong.

    Returns ``service``, ``secret_key``, ``debug``, ``allowed_hosts``, ``database`` (a Django
    DATABASES entry, or None for a service that owns no data), ``issuer``, ``private_key`` (or
    None), ``identity_url`` (or None), ``client_secrets`` (by service; empty, or its own) and
    ``redis_url`` (or None).
    """
    service = given(environ, "CAMPUS_SERVICE") or ""
    if service not in PROCESS_TYPES:
        raise MissingVariable(
            f"CAMPUS_SERVICE={service!r} must name the process to run: one of {PROCESS_TYPES}"
        )
    for name in required_variables(service):
        if not given(environ, name):
            raise MissingVariable(f"{name} is not set: {_WHY.get(name, _WHY_NEIGHBOUR)}")
    try:
        database = value(environ, "DATABASE_URL") if owns_data(service) else None
        debug = value(environ, "DEBUG")
    except ConfigurationError as exc:
        raise MissingVariable(str(exc)) from None
    if database is not None:
        # One connection per worker kept open across requests, checked before reuse; every
        # wait on it bounded by the request's deadline.
        database = bounded({**database, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True})
    private_key = value(environ, PRIVATE_KEY)
    if private_key is not None:
        try:
            signing_key_read(private_key, name=PRIVATE_KEY)
        except InvalidSigningKey as exc:
            raise MissingVariable(str(exc)) from None
    calls = service != MONOLITH and service_get(service).calls
    secrets = {service: value(environ, client_secret_variable(service))} if calls else {}
    return {
        "issuer": value(environ, ISSUER),
        "private_key": private_key if service in (MONOLITH, IDENTITY) else None,
        "identity_url": given(environ, url_variable(IDENTITY)) if service != MONOLITH else None,
        "client_secrets": secrets,
        "service": service,
        "secret_key": value(environ, "SECRET_KEY"),
        "debug": debug,
        "allowed_hosts": value(environ, "ALLOWED_HOSTS"),
        "database": database,
        "redis_url": given(environ, "REDIS_URL"),
    }


_WHY = {
    "SECRET_KEY": "Django signs with it; give each deploy its own long random value.",
    "DATABASE_URL": "this service owns data; give its database, e.g. postgres://user:pw@host/db.",
    ISSUER: "tokens name their issuer; give the same value to identity and every service.",
    PRIVATE_KEY: "identity signs tokens with it; give an RSA private key (PEM, 2048 bits+).",
    url_variable(IDENTITY): "this service verifies tokens with identity's keys; give its URL.",
    **{
        client_secret_variable(s.name): "this service calls neighbours with its own token; give "
        "the client secret the identity's release stored for it."
        for s in SERVICES
        if s.calls
    },
}
_WHY_NEIGHBOUR = "this service calls that neighbour; give its base URL, e.g. http://catalog:8000."
