"""III. Config: store config in the environment.

What differs between deploys (neighbour URLs, timeouts, log level, the secret key, where data
lives) is read from ``CAMPUS_*`` environment variables. The audit parses the numbers with the
runtime's own parser, so a value the platform would refuse at start is reported here first; it
names variables the platform does not know (a typo there is silently ignored otherwise); and it
says when the secret key was made up at start instead of configured, and that no key or secret
has a default in a real process (`campus.twelvefactor.secret_values`).
"""

import os

from django.conf import settings

from campus.assembly.config import CATALOGUE, PlatformConfig, given, prefixed

from . import secret_values, sources
from .factors import factor_get

__all__ = ["FACTOR", "KNOWN_VARIABLES", "check"]

FACTOR = factor_get("III")
PREFIX = "CAMPUS_"
# Every campus variable the platform reads: the catalogue's (campus.assembly.config).
KNOWN_VARIABLES = frozenset(v.name for v in CATALOGUE if v.name.startswith(PREFIX))


def check(app_configs=None, **kwargs):
    return [*_refused_values(), *_unknown_variables(), *_secret_key(), *secret_values.check()]


def _refused_values():
    # One variable at a time, so every refused value is named. URLs are left to factor IV
    # (backing services): with no service names given, the parser reads no URL.
    issues = []
    for name, text in prefixed(os.environ, PREFIX).items():
        try:
            PlatformConfig.from_environ({name: text}, [])
        except ValueError as exc:
            issues.append(
                FACTOR.message(
                    "E001",
                    f"The platform would refuse to start with this environment: {exc}.",
                    hint="Fix or unset the variable; campus.assembly.config has the defaults.",
                    obj=name,
                )
            )
    return issues


def _unknown_variables():
    unknown = [k for k in prefixed(os.environ, PREFIX) if k not in KNOWN_VARIABLES]
    return [
        FACTOR.message(
            "W001",
            f"{name} is set, but the platform reads no such variable.",
            hint="A misspelt name is ignored without a word. Known: "
            + ", ".join(sorted(KNOWN_VARIABLES)),
            obj=name,
        )
        for name in unknown
    ]


def _secret_key():
    if sources.process_service() is not None:
        # A real process will not start without SECRET_KEY (campus.process.settings).
        return []
    configured = given(os.environ, "CAMPUS_SECRET_KEY")
    if configured and configured == settings.SECRET_KEY:
        return []
    return [
        FACTOR.message(
            "W002",
            "SECRET_KEY does not come from CAMPUS_SECRET_KEY: each process made up its own at "
            "start, so two processes of one deploy sign with different keys.",
            hint="Set CAMPUS_SECRET_KEY in the environment of every process of a deploy.",
            obj="CAMPUS_SECRET_KEY",
        )
    ]
