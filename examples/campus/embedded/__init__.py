"""The in-process runtime: every service on its own 127.0.0.1 port inside this process, or the
monolith. One of two composition roots over `campus.assembly`; `campus.process` is the other.

    >>> platform = start("microservices")        # doctest: +SKIP
    >>> platform.urls                             # doctest: +SKIP
    {'catalog': 'http://127.0.0.1:40001', ...}
    >>> stop_all()                                # doctest: +SKIP

Importing this package configures nothing. Django is configured for this process (every
service in one settings object, `campus.embedded.settings`) when the platform's code is first
loaded, because that code is the services' models and views.
"""

from importlib import import_module

__all__ = [
    "ARCHITECTURES",
    "Platform",
    "PortUnavailable",
    "login",
    "running",
    "start",
    "stop_all",
]


_HOMES = {"login": ".started", "running": ".started", "stop_all": ".started"}


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .settings import configure

    configure()  # once per process; the platform module imports the services' models
    return getattr(import_module(_HOMES.get(name, ".platform"), __name__), name)
