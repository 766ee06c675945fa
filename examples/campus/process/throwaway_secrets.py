"""The token variables `campus up` gives its processes: what the environment holds, else made up
for this run (a throwaway key, password and secrets, as its throwaway databases are).

Each process gets only what it reads (`campus.assembly.config.token_variables`): the signing
key reaches the identity provider (or the monolith) and nothing else; the release step gets the
demo password and the client secrets it stores (`seed_variables`).
"""

import os
import secrets

from campus.assembly.config import (
    DEMO_PASSWORD,
    ISSUER,
    MONOLITH,
    PRIVATE_KEY,
    client_secret_variable,
    given,
    seed_variables,
    token_variables,
    url_variable,
)
from campus.identity.data import DEMO_LEARNERS, DEMO_STAFF, service_clients
from campus.registry import IDENTITY
from campus.tokens.keys import private_key_generate

__all__ = ["demo_password_line", "environ_for", "release_environ", "token_values"]


def token_values(names, ports, printer_line, environ=os.environ) -> dict[str, str]:
    """Every token variable of this run; ``printer_line(text)`` is told the demo password when
    it was made up, so a person can sign in."""
    identity = f"http://127.0.0.1:{ports[MONOLITH if MONOLITH in names else IDENTITY]}"
    password = given(environ, DEMO_PASSWORD)
    if not password:
        password = secrets.token_urlsafe(12)
        printer_line(demo_password_line(password) + "\n")
    values = {
        ISSUER: given(environ, ISSUER) or identity,
        PRIVATE_KEY: given(environ, PRIVATE_KEY) or private_key_generate(),
        DEMO_PASSWORD: password,
        url_variable(IDENTITY): identity,
    }
    for name in service_clients():
        variable = client_secret_variable(name)
        values[variable] = given(environ, variable) or secrets.token_urlsafe(32)
    return values


def demo_password_line(password: str) -> str:
    """The one line that tells a person the demo password made up for a run (`campus up` and
    `campus serve` both print it)."""
    accounts = ", ".join((*DEMO_LEARNERS, *DEMO_STAFF))
    return f"demo accounts ({accounts}) sign in with password {password}"


def environ_for(name: str, base: dict, values: dict) -> dict[str, str]:
    """``base`` without any token variable, plus the ones process type ``name`` reads."""
    cleaned = {k: v for k, v in base.items() if k not in values}
    return {**cleaned, **{k: values[k] for k in token_variables(name)}}


def release_environ(names, values: dict) -> dict[str, str]:
    return {k: values[k] for name in names for k in seed_variables(name)}
