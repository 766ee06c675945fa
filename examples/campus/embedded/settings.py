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

from campus import django_base
from campus.assembly.config import given
from campus.assembly.databases import DATA_ALIASES, MONOLITH_ALIAS
from campus.identity.data import service_clients
from campus.tokens.keys import private_key_generate

__all__ = ["ISSUER", "configure"]

# Every platform this process starts signs with one generated key under this issuer, so a token
# from either architecture's identity provider is good on the other.
ISSUER = "urn:campus:identity"


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
        "SECRET_KEY": given(os.environ, "CAMPUS_SECRET_KEY") or secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "testserver"],
        "USE_TZ": True,
        "TIME_ZONE": "UTC",
        "INSTALLED_APPS": django_base.INSTALLED_APPS,
        "MIDDLEWARE": ["campus.assembly.middleware.ServiceMiddleware"],
        "ROOT_URLCONF": "campus.assembly.unrouted",
        "DATABASES": databases,
        "DATABASE_ROUTERS": ["campus.assembly.databases.ServiceRouter"],
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 64 * 1024,
        "REST_FRAMEWORK": django_base.REST_FRAMEWORK,
        "SPECTACULAR_SETTINGS": django_base.SPECTACULAR_SETTINGS,
        "TEMPLATES": django_base.TEMPLATES,
        "STATIC_URL": django_base.STATIC_URL,
        "LOGGING": django_base.logging(),
        # Keys and secrets for this process only, generated (twelve-factor III: a real process
        # reads them from its environment, see campus.process.environment).
        "OAUTH2_PROVIDER": django_base.oauth2_provider(
            private_key=given(os.environ, "CAMPUS_IDENTITY_PRIVATE_KEY") or private_key_generate()
        ),
        "CAMPUS_TOKEN_ISSUER": ISSUER,
        # Given, so a person (or a test) can sign the demo accounts in to a `campus serve`.
        "CAMPUS_DEMO_PASSWORD": given(os.environ, "CAMPUS_DEMO_PASSWORD")
        or secrets.token_urlsafe(16),
        "CAMPUS_CLIENT_SECRETS": {name: secrets.token_urlsafe(32) for name in service_clients()},
        # Django's PBKDF2 with fewer rounds: these passwords and secrets live as long as this
        # process, and the default 1,000,000 rounds cost 0.24 s per check on this machine. The
        # last one hashes the client secrets, as in a real process (django_base).
        "PASSWORD_HASHERS": [
            "campus.embedded.hashers.ThrowawayPBKDF2PasswordHasher",
            django_base.PASSWORD_HASHERS[-1],
        ],
    }


def configure() -> None:
    """Configure Django for campus; a second call in the same process does nothing."""
    _allow_orm_in_event_loop()
    if settings.configured or given(os.environ, "DJANGO_SETTINGS_MODULE"):
        # Configured already, or a real process (`campus.process`) named its settings module:
        # Django loads that one, and the pieces of this runtime it reuses run under it.
        return
    folder = given(os.environ, "CAMPUS_DATA_DIR")
    if folder:
        # Named by the environment, so another process (an admin command) can attach to the
        # same databases; it outlives this process.
        _folder_make(folder)
    else:
        folder = tempfile.mkdtemp(prefix="campus-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    settings.configure(**_settings(folder))
    django.setup()


def _folder_make(folder: str) -> None:
    """Make CAMPUS_DATA_DIR if it is missing; raises `ConfigurationError` naming it otherwise."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise django_base.ConfigurationError(f"CAMPUS_DATA_DIR={folder!r} is not a folder")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:  # a parent that is a file, no permission
        raise django_base.ConfigurationError(
            f"CAMPUS_DATA_DIR={folder!r} cannot be the services' folder: {exc.strerror}"
        ) from None


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
