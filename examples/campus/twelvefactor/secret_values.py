"""III. Config, for keys and secrets: in a real process, none has a default.

A real process (`campus.process.settings`) reads every key and secret from its environment and
refuses to start without one (`campus.process.environment`, from the catalogue of
`campus.assembly.config`). This check holds the running
process to that: each secret its process type reads must be a required variable (E002), and the
value its settings hold must be the environment's (E003: a default, or a value made up at start,
crept in). Under the in-process runtime the signing key, the client secrets and the demo
password are generated at start (W003): right for one process, wrong for a deploy, whose
processes must agree on them.
"""

import os

from django.conf import settings

from campus.assembly.config import (
    DEMO_PASSWORD,
    PRIVATE_KEY,
    client_secret_variable,
    given,
    required_variables,
    token_variables,
    variable,
)

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "check", "secret_variables", "settings_value"]

FACTOR = factor_get("III")


def secret_variables(process_type: str) -> list[str]:
    """The keys and secrets a web process of this type reads."""
    secrets = ["SECRET_KEY", PRIVATE_KEY, client_secret_variable(process_type)]
    return [name for name in ["SECRET_KEY", *token_variables(process_type)] if name in secrets]


def settings_value(name: str, service: str):
    """What this process's settings hold for secret variable ``name``."""
    if name == "SECRET_KEY":
        return settings.SECRET_KEY
    if name == PRIVATE_KEY:
        return getattr(settings, "OAUTH2_PROVIDER", {}).get("OIDC_RSA_PRIVATE_KEY")
    return getattr(settings, "CAMPUS_CLIENT_SECRETS", {}).get(service)


def check(app_configs=None, **kwargs):
    service = sources.process_service()
    if service is None:
        return _generated()
    issues = []
    for name in secret_variables(service):
        if name not in required_variables(service) or variable(name).default is not None:
            issues.append(
                FACTOR.message(
                    "E002",
                    f"{name} is a key or secret that {service} may start without.",
                    hint="Give it no default and list the process type in its required_by "
                    "(campus.assembly.config.variables).",
                    obj=name,
                )
            )
        elif settings_value(name, service) != given(os.environ, name):
            issues.append(
                FACTOR.message(
                    "E003",
                    f"The settings of {service} hold a {name} that is not the environment's: a "
                    "default or a value made up at start.",
                    hint="Read it from the environment only (campus.process.settings).",
                    obj=name,
                )
            )
    return issues


def _generated():
    configured = given(os.environ, PRIVATE_KEY)
    if configured and configured == settings_value(PRIVATE_KEY, None):
        return []
    return [
        FACTOR.message(
            "W003",
            f"The identity's signing key does not come from {PRIVATE_KEY}: it was generated "
            "when this process started, so tokens from another process's identity provider do "
            "not verify here (the client secrets are generated too).",
            hint=f"Set {PRIVATE_KEY} (and {DEMO_PASSWORD}) for processes that must agree; a "
            "deploy runs real processes (campus up, deploy/), which read every key and secret "
            "from the environment.",
            obj=PRIVATE_KEY,
        )
    ]
