"""The Django settings both composition roots share: apps, middleware, DRF, logging.

`campus.runtime.settings` (every service in one process) and `campus.process.settings` (one
service per process) differ only in where databases, secrets and routes come from.
"""

import os

from campus.registry import SERVICES

__all__ = [
    "INSTALLED_APPS",
    "LOG_STREAMS",
    "REST_FRAMEWORK",
    "SPECTACULAR_SETTINGS",
    "STATIC_URL",
    "TEMPLATES",
    "ConfigurationError",
    "logging",
]


class ConfigurationError(ValueError):
    """A variable of the environment holds a value campus cannot use; the message names it.

    Entry points (`campus.cli`) print the message as one line and exit with status 2.
    """


INSTALLED_APPS = [
    "rest_framework",
    "drf_spectacular",
    *(spec.module for spec in SERVICES),
    "campus.twelvefactor",  # the audit: ``campus manage check --tag twelvefactor``
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PARSER_CLASSES": ["campus.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "campus.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "VERSION": "1.0.0",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from the drf-spectacular-sidecar package, served by each
    # service under /static/ (see campus.runtime.urls): the docs page needs no network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Only for the docs page (/docs), which drf-spectacular renders from a template.
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
STATIC_URL = "/static/"

# Logs are an event stream the environment captures (twelve-factor XI). stderr by default, since
# `campus serve` and `campus up` print their one line of service URLs on stdout for a program.
LOG_STREAMS = {"stderr": "ext://sys.stderr", "stdout": "ext://sys.stdout"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def logging(environ=os.environ) -> dict:
    """The LOGGING setting, from ``CAMPUS_LOG_LEVEL`` and ``CAMPUS_LOG_STREAM``.

    Raises `ConfigurationError` naming the variable for a level or stream it does not know.
    """
    level = _choice(environ, "CAMPUS_LOG_LEVEL", "WARNING", LOG_LEVELS, upper=True)
    stream = _choice(environ, "CAMPUS_LOG_STREAM", "stderr", tuple(LOG_STREAMS))
    handler = {"class": "logging.StreamHandler", "formatter": "line", "stream": LOG_STREAMS[stream]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "handlers": {"stream": handler},
        "loggers": {
            "campus": {"handlers": ["stream"], "level": level, "propagate": False},
            # 4xx answers, and requests queued for a worker in a burst, are not problems to log.
            "django.request": {"handlers": ["stream"], "level": "ERROR", "propagate": False},
            "waitress.queue": {"handlers": ["stream"], "level": "ERROR", "propagate": False},
        },
    }


def _choice(environ, name: str, default: str, choices: tuple, *, upper: bool = False) -> str:
    value = environ.get(name, default)
    value = value.upper() if upper else value
    if value not in choices:
        raise ConfigurationError(f"{name}={value!r} must be one of {list(choices)}")
    return value
