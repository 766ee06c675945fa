"""Run campus inside this process: every service on its own 127.0.0.1 port, or the monolith.

>>> platform = start("microservices")        # doctest: +SKIP
>>> platform.urls                             # doctest: +SKIP
{'catalog': 'http://127.0.0.1:40001', ...}
>>> stop_all()                                # doctest: +SKIP
"""

# Importing the runtime means running campus in this process: Django is configured first, once,
# because the modules below import models and DRF.
from .settings import configure

configure()

from .databases import (  # noqa: E402
    CrossServiceQuery,
    DatabaseScope,
    NoServiceBound,
    database_scope,
)
from .platform import (  # noqa: E402
    ARCHITECTURES,
    Platform,
    PortUnavailable,
    login,
    running,
    start,
    stop_all,
)

__all__ = [
    "ARCHITECTURES",
    "CrossServiceQuery",
    "DatabaseScope",
    "NoServiceBound",
    "Platform",
    "PortUnavailable",
    "database_scope",
    "login",
    "running",
    "start",
    "stop_all",
]
