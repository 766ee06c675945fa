"""Django settings for every service and the monolith, configured once per process.

All services share one settings object (Django allows one per process); what keeps them apart is
a database alias each, a router, and a URLconf per request. Real isolation needs a process each.
"""

import asyncio
import atexit
import os
import secrets
import shutil
import tempfile

import django
from django.conf import settings

from campus.registry import SERVICES

__all__ = ["DATA_ALIASES", "MONOLITH_ALIAS", "configure"]

MONOLITH_ALIAS = "monolith"
# One database per service that owns data, plus one for the monolith holding every table.
DATA_ALIASES = tuple(s.name for s in SERVICES if s.owns_data)


def _database(folder: str, alias: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(folder, f"{alias}.sqlite3"),
        # One connection per server worker thread, kept between requests and closed when the
        # server stops: opening SQLite and running init_command on every request cost more
        # than the view itself (see `python -m campus.bench`).
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            # WAL lets readers run beside a writer; IMMEDIATE takes the write lock up front so two
            # writers queue instead of failing with "database is locked" on upgrade.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,
        },
    }


def _settings(folder: str) -> dict:
    databases = {alias: _database(folder, alias) for alias in (*DATA_ALIASES, MONOLITH_ALIAS)}
    databases["default"] = {}  # no service may fall back to a shared database by accident
    return {
        "DEBUG": False,
        "SECRET_KEY": os.environ.get("CAMPUS_SECRET_KEY") or secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "testserver"],
        "USE_TZ": True,
        "TIME_ZONE": "UTC",
        "INSTALLED_APPS": [
            "rest_framework",
            "drf_spectacular",
            *(spec.module for spec in SERVICES),
            "campus.twelvefactor",  # the audit: ``campus manage check --tag twelvefactor``
        ],
        "MIDDLEWARE": ["campus.runtime.middleware.ServiceMiddleware"],
        "ROOT_URLCONF": "campus.runtime.unrouted",
        "DATABASES": databases,
        "DATABASE_ROUTERS": ["campus.runtime.databases.ServiceRouter"],
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 64 * 1024,
        "REST_FRAMEWORK": {
            "DEFAULT_AUTHENTICATION_CLASSES": [],
            "DEFAULT_PERMISSION_CLASSES": [],
            "UNAUTHENTICATED_USER": None,
            "DEFAULT_PARSER_CLASSES": ["campus.parsers.StrictJSONParser"],
            "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
            "EXCEPTION_HANDLER": "campus.errors.exception_handler",
            "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        },
        "SPECTACULAR_SETTINGS": {
            "VERSION": "1.0.0",
            "COMPONENT_SPLIT_REQUEST": True,
            # Swagger UI's files come from the drf-spectacular-sidecar package, served by each
            # service under /static/ (see campus.runtime.urls): the docs page needs no network.
            "SWAGGER_UI_DIST": "SIDECAR",
            "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        },
        # Only for the docs page (/docs), which drf-spectacular renders from a template.
        "TEMPLATES": [
            {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
        ],
        "STATIC_URL": "/static/",
        "LOGGING": _logging(),
    }


# Logs are an event stream the environment captures (twelve-factor XI). stderr by default, since
# `campus serve` prints its one line of service URLs on stdout for a program to read.
LOG_STREAMS = {"stderr": "ext://sys.stderr", "stdout": "ext://sys.stdout"}


def _logging() -> dict:
    level = os.environ.get("CAMPUS_LOG_LEVEL", "WARNING").upper()
    stream = os.environ.get("CAMPUS_LOG_STREAM", "stderr")
    if stream not in LOG_STREAMS:
        raise ValueError(f"CAMPUS_LOG_STREAM={stream!r} must be one of {sorted(LOG_STREAMS)}")
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


def configure() -> None:
    """Configure Django for campus; a second call in the same process does nothing."""
    _allow_orm_in_event_loop()
    if settings.configured:
        return
    folder = os.environ.get("CAMPUS_DATA_DIR")
    if folder:
        # Named by the environment, so another process (an admin command) can attach to the
        # same databases; it outlives this process.
        os.makedirs(folder, exist_ok=True)
    else:
        folder = tempfile.mkdtemp(prefix="campus-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    settings.configure(**_settings(folder))
    django.setup()


def _allow_orm_in_event_loop() -> None:
    # Jupyter runs cells inside a running asyncio loop, where Django refuses ORM calls
    # (SynchronousOnlyOperation, Django ticket #31056). Only then, and only in this process, we
    # say the blocking calls are intended. Server threads have no loop and are unaffected.
    # Importing the runtime and every start come here, so a cell may query before a start.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
