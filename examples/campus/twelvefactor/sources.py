"""What the checks read, in one place: each function returns one fact about the live platform.

The checks call these through the module (``sources.databases()``), so a test can put a fake
fact in place of a real one with ``monkeypatch.setattr(sources, "databases", ...)``.
"""

import importlib.metadata
import re
import tomllib
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

import campus
from campus.events import InProcessEventBus

__all__ = [
    "DISTRIBUTION",
    "Requirement",
    "console_scripts",
    "databases",
    "distribution_name",
    "event_broker_url",
    "event_bus",
    "event_bus_in_memory",
    "event_bus_without_outbox",
    "event_publishers",
    "installed_requirements",
    "installed_version",
    "package_root",
    "process_service",
    "pyproject",
]

DISTRIBUTION = "campus"
_DUMMY = "django.db.backends.dummy"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def package_root() -> Path:
    return Path(campus.__file__).resolve().parent


def databases() -> dict[str, dict]:
    """Database settings by alias, without the deliberately empty ``default`` (which Django
    fills in with its dummy backend: every query on it fails)."""
    return {
        alias: config
        for alias, config in settings.DATABASES.items()
        if config.get("ENGINE", _DUMMY) != _DUMMY
    }


def distribution_name(text: str) -> str:
    """A requirement's project name, normalised as PyPI compares names (PEP 503)."""
    match = _NAME.match(text.strip())
    return re.sub(r"[-_.]+", "-", match.group(0)).lower() if match else ""


class Requirement(NamedTuple):
    name: str  # normalised, see `distribution_name`
    extra: str | None  # None for what the running code needs; else the extra declaring it


def installed_requirements() -> list[Requirement]:
    """What the installed build of campus declares (its Requires-Dist)."""
    requirements = []
    for line in importlib.metadata.requires(DISTRIBUTION) or []:
        extra = _EXTRA.search(line)
        requirements.append(Requirement(distribution_name(line), extra and extra.group(1)))
    return requirements


def console_scripts(name: str) -> list[importlib.metadata.EntryPoint]:
    """The installed console scripts called ``name`` (what a shell finds on PATH)."""
    return list(importlib.metadata.entry_points(group="console_scripts", name=name))


def installed_version() -> str | None:
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None


def pyproject() -> dict | None:
    """The source tree's pyproject.toml for campus, when running from a checkout."""
    for folder in list(package_root().parents)[:3]:
        path = folder / "pyproject.toml"
        if path.is_file():
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if data.get("project", {}).get("name") == DISTRIBUTION:
                return data
    return None


def process_service() -> str | None:
    """The service this process runs when it is a real one (``campus up``, the Dockerfile: the
    settings of `campus.process`); None under the in-process runtime, where all run as threads."""
    return getattr(settings, "CAMPUS_SERVICE", None)


def event_bus():
    """The event bus the in-process runtime builds for a platform (nothing starts); None in a
    real process, whose web processes subscribe to nothing: their events leave through the
    outbox (`event_publishers`) and a broker (`event_broker_url`)."""
    if process_service() is not None:
        return None
    from campus.embedded.platform import Platform  # the runtime finishes loading after the apps

    return Platform("microservices").bus


def event_broker_url() -> str | None:
    """``REDIS_URL`` of a real process (its settings read it from the environment), its password
    hidden; None under the in-process runtime or when the deploy sets none."""
    url = getattr(settings, "CAMPUS_REDIS_URL", None)
    if not url:
        return None
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=f"{parts.username or ''}:***@{parts.hostname}:{parts.port}")
    return urlunsplit(parts)


def event_publishers() -> dict[str, str]:
    """Service -> class of the publisher a real process gives it, for the services this process
    runs that publish events (the monolith runs them all); empty under the in-process runtime."""
    service = process_service()
    if service is None:
        return {}
    from campus.process.app import outbox_for  # needs the apps loaded
    from campus.registry import SERVICES

    names = [s.name for s in SERVICES] if service == "monolith" else [service]
    publishers = {name: outbox_for(name) for name in names}
    return {
        name: f"{type(p).__module__}.{type(p).__name__}"
        for name, p in publishers.items()
        if p is not None
    }


def event_bus_in_memory() -> str | None:
    """The class of the runtime's event bus when it keeps events in this process's memory;
    None when the bus is something attached from outside."""
    bus = event_bus()
    if isinstance(bus, InProcessEventBus):
        return f"{type(bus).__module__}.{type(bus).__name__}"
    return None


def event_bus_without_outbox() -> str | None:
    """The class of the event bus when an event exists only in memory between the commit and its
    delivery; None for anything else, such as a bus fed from an outbox table."""
    bus = event_bus()
    if isinstance(bus, InProcessEventBus):
        return f"{type(bus).__module__}.{type(bus).__name__}"
    return None
