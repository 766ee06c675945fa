"""The catalogue: every environment variable campus (or a library it runs) reads, in one place.

Each `Variable` says what it means, its kind (how `campus.assembly.config.read` parses it), its
default as a deploy would write it (None: no default), which process types of a real process
refuse to start without it, and who reads it. The deploy generator, the twelve-factor audit and
both runtimes take their lists from here:

    >>> variable("CAMPUS_HTTP_TIMEOUT").default
    '2.0'
    >>> required_variables("catalog")[:3]
    ['CAMPUS_SERVICE', 'SECRET_KEY', 'DATABASE_URL']

Longer than most modules: the catalogue is one list on purpose, so that a variable is declared
once and every reader, the README's table and the audit agree on it.
"""

from dataclasses import dataclass

from campus.registry import IDENTITY, SERVICES

from .names import (
    DEMO_PASSWORD,
    ISSUER,
    MONOLITH,
    PRIVATE_KEY,
    PROCESS_TYPES,
    client_secret_variable,
    database_variable,
    neighbours,
    owns_data,
    url_variable,
)

__all__ = [
    "CATALOGUE",
    "Variable",
    "required_variables",
    "seed_variables",
    "token_variables",
    "variable",
    "variables_read",
]

# Who reads a variable: the real runtime's web process (its settings and app), `campus up`'s
# supervisor, its release step, the event workers, the in-process runtime, the CLI, the audit,
# the benchmarks and examples, or a library on its own.
PROCESS, UP, RELEASE, WORKERS = "process", "up", "release", "workers"
EMBEDDED, CLI, AUDIT, BENCH, SPLIT = "embedded", "cli", "audit", "bench", "split"
DJANGO, OTEL_SDK, PROMETHEUS = "django", "opentelemetry-sdk", "prometheus-client"


@dataclass(frozen=True)
class Variable:
    """One environment variable. ``kind``: text, secret, flag, number, whole number, http url,
    redis url, database url, list, choice, path or json."""

    name: str
    meaning: str
    kind: str
    default: str | None = None
    required_by: tuple[str, ...] = ()  # process types of a real process that need it set
    release_needs: tuple[str, ...] = ()  # process types whose release step stores it
    read_by: tuple[str, ...] = (PROCESS,)
    choices: tuple[str, ...] = ()
    lowest: float = 0  # a number's smallest allowed value
    deployed: bool = False  # optional, but a deploy sets it for every real process


_SIGNERS = (IDENTITY, MONOLITH)  # the identity provider, and the monolith, which is its own
_CALLERS = [s.name for s in SERVICES if s.calls]
_VERIFIERS = tuple(s.name for s in SERVICES if s.name != IDENTITY)
_BOTH = (PROCESS, EMBEDDED)
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _neighbour_url(service: str) -> Variable:
    callers = tuple(t for t in PROCESS_TYPES if service in neighbours(t))
    return Variable(
        url_variable(service), f"where callers find {service}", "http url",
        required_by=callers, read_by=(*_BOTH, AUDIT),
    )  # fmt: skip


# fmt: off
def _catalogue() -> tuple[Variable, ...]:
    # In the order a deploy lists them: what every process needs, then tokens, then the rest.
    others = [s.name for s in SERVICES if s.name != IDENTITY]
    return (
        Variable("CAMPUS_SERVICE", "the process type to run (a service or monolith)", "choice",
                 required_by=PROCESS_TYPES, choices=PROCESS_TYPES),
        Variable("SECRET_KEY", "Django's SECRET_KEY in a real process", "secret",
                 required_by=PROCESS_TYPES, read_by=(PROCESS, UP)),
        Variable("DATABASE_URL", "the process's own database", "database url",
                 required_by=tuple(t for t in PROCESS_TYPES if owns_data(t)),
                 read_by=(PROCESS, SPLIT)),
        *(_neighbour_url(name) for name in others),
        Variable(ISSUER, "the issuer every token names", "text",
                 required_by=PROCESS_TYPES, read_by=(PROCESS, UP)),
        Variable(PRIVATE_KEY, "the identity's RSA signing key (PEM)", "secret",
                 required_by=_SIGNERS, read_by=(PROCESS, UP, EMBEDDED, AUDIT)),
        Variable(url_variable(IDENTITY), "where services find the identity's keys and tokens",
                 "http url", required_by=_VERIFIERS, read_by=(*_BOTH, AUDIT)),
        Variable(DEMO_PASSWORD, "the demo accounts' password", "secret",
                 release_needs=_SIGNERS, read_by=(RELEASE, UP, EMBEDDED, CLI)),
        *(Variable(client_secret_variable(n), f"{n}'s OAuth2 client secret", "secret",
                   required_by=(n,), release_needs=_SIGNERS, read_by=(PROCESS, UP, RELEASE))
          for n in _CALLERS),
        Variable("ALLOWED_HOSTS", "Django's ALLOWED_HOSTS in a real process", "list",
                 "127.0.0.1,localhost", read_by=(PROCESS, UP), deployed=True),
        Variable("DEBUG", "Django's DEBUG in a real process", "flag", "false", deployed=True),
        Variable("CAMPUS_HTTP_TIMEOUT", "seconds one attempt of a call may take", "number",
                 "2.0", read_by=(*_BOTH, UP, AUDIT), lowest=1e-3, deployed=True),
        Variable("CAMPUS_HTTP_RETRIES", "extra attempts of an idempotent call", "whole number",
                 "1", read_by=(*_BOTH, UP, AUDIT), deployed=True),
        Variable("CAMPUS_DEADLINE", "seconds a request may take end to end", "number", "1.0",
                 read_by=(*_BOTH, UP, AUDIT), lowest=1e-3, deployed=True),
        Variable("CAMPUS_HTTP_BREAKER", "a circuit breaker per neighbour", "flag", "on",
                 read_by=(*_BOTH, UP, AUDIT), deployed=True),
        Variable("CAMPUS_HTTP_BACKOFF", "backoff with jitter between retries", "flag", "on",
                 read_by=(*_BOTH, UP, AUDIT), deployed=True),
        Variable("CAMPUS_DASHBOARD_TITLE_TTL", "seconds the dashboard keeps course titles",
                 "number", "0", read_by=(*_BOTH, UP, AUDIT), deployed=True),
        Variable("CAMPUS_DASHBOARD_READ_MODEL", "the dashboard answers from its read model",
                 "flag", "off", read_by=(*_BOTH, UP, AUDIT), deployed=True),
        Variable("CAMPUS_CATALOG_WAIT_MS", "milliseconds every catalog request waits, standing "
                 "in for a slow database or remote call (an experiment's; 0: off)", "number",
                 "0", read_by=(*_BOTH, BENCH)),
        Variable("CAMPUS_CATALOG_BURN_MS", "milliseconds of CPU every catalog request spends "
                 "(an experiment's; 0: off)", "number", "0", read_by=(*_BOTH, BENCH)),
        Variable("CAMPUS_SAGA_STALE_AFTER", "seconds an enrollment saga stands still before "
                 "the recovery takes it over", "number", "30", read_by=(WORKERS,),
                 lowest=0),
        Variable("CAMPUS_STREAM_LAG_ALARM", "entries a consumer group may be behind on a "
                 "stream before its relay warns and /metrics raises the alarm", "whole number",
                 "1000", read_by=(PROCESS, WORKERS), lowest=1),
        Variable("CAMPUS_LOG_LEVEL", "level of the campus loggers", "choice", "WARNING",
                 read_by=(*_BOTH, UP, CLI), choices=_LOG_LEVELS, deployed=True),
        Variable("CAMPUS_LOG_STREAM", "where logs go", "choice", "stderr",
                 read_by=(*_BOTH, UP), choices=("stderr", "stdout"), deployed=True),
        Variable("REDIS_URL", "the Redis of the event workers, tasks and breakers", "redis url",
                 read_by=(PROCESS, UP, WORKERS, CLI), deployed=True),
        Variable("CAMPUS_SECRET_KEY", "Django's SECRET_KEY in the in-process runtime", "secret",
                 read_by=(EMBEDDED, AUDIT)),
        Variable("CAMPUS_DATA_DIR", "the folder of the in-process runtime's SQLite files", "path",
                 read_by=(EMBEDDED, CLI, WORKERS, AUDIT)),
        *(Variable(database_variable(t), f"a database `campus up` attaches {t} to",
                   "database url", read_by=(UP, BENCH)) for t in PROCESS_TYPES if owns_data(t)),
        Variable("XDG_CACHE_HOME", "where migrated database templates are kept", "path",
                 "~/.cache", read_by=(EMBEDDED, UP)),
        Variable("CAMPUS_RELEASE_DATABASES", "JSON of database URLs `campus up` migrates at once",
                 "json", read_by=(RELEASE,)),
        Variable("CAMPUS_RELEASE_TEMPLATE_COPY", "set by `campus up`: the databases are fresh "
                 "copies of the migrated template, so the release skips migrate", "flag",
                 read_by=(RELEASE,)),
        Variable("PROMETHEUS_MULTIPROC_DIR", "prometheus-client's multiprocess folder", "path",
                 read_by=(PROMETHEUS, PROCESS)),
        Variable("OTEL_EXPORTER_OTLP_ENDPOINT", "an OpenTelemetry collector for every span",
                 "http url", read_by=(OTEL_SDK, *_BOTH)),
        Variable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "an OpenTelemetry collector for spans",
                 "http url", read_by=(OTEL_SDK, *_BOTH)),
        Variable("DJANGO_SETTINGS_MODULE", "Django's settings module; set: a real process",
                 "text", read_by=(DJANGO, EMBEDDED, WORKERS)),
    )
# fmt: on


CATALOGUE = _catalogue()
_BY_NAME = {v.name: v for v in CATALOGUE}


def variable(name: str) -> Variable:
    """The catalogue's entry for ``name``; KeyError for a variable campus does not read.

    >>> variable("REDIS_URL").kind
    'redis url'
    """
    return _BY_NAME[name]


def required_variables(process_type: str) -> list[str]:
    """The variables a real process of this type refuses to start without.

    >>> "CAMPUS_CATALOG_URL" in required_variables("enrollments")
    True
    """
    return [v.name for v in CATALOGUE if process_type in v.required_by]


def seed_variables(process_type: str) -> list[str]:
    """What the release step of the identity provider (or the monolith) also needs: the demo
    accounts' password and every service client's secret, which it stores hashed.

        >>> seed_variables("identity")[0]
        'CAMPUS_DEMO_PASSWORD'
    """
    return [v.name for v in CATALOGUE if process_type in v.release_needs]


def variables_read(process_type: str) -> list[str]:
    """Every variable a real web process of this type reads: what a deploy must (or may) set
    (the optional ones have a default or may stay unset)."""
    return required_variables(process_type) + [v.name for v in CATALOGUE if v.deployed]


_TOKENS = (ISSUER, PRIVATE_KEY, url_variable(IDENTITY), *map(client_secret_variable, _CALLERS))


def token_variables(process_type: str) -> list[str]:
    """The token variables a real process of this type needs: the issuer; the signing key for
    the identity provider and the monolith; the identity's URL and, for a caller, its own client
    secret for every other service."""
    return [name for name in required_variables(process_type) if name in _TOKENS]
