"""The names of the variables that come one per service, and the process types they are for.

>>> url_variable("catalog"), database_variable("catalog")
('CAMPUS_CATALOG_URL', 'CAMPUS_CATALOG_DATABASE_URL')
"""

from campus.registry import SERVICES, service_get

__all__ = [
    "DEMO_PASSWORD",
    "ISSUER",
    "MONOLITH",
    "PRIVATE_KEY",
    "PROCESS_TYPES",
    "client_secret_variable",
    "database_variable",
    "neighbours",
    "owns_data",
    "url_variable",
]

MONOLITH = "monolith"
PROCESS_TYPES = (*(s.name for s in SERVICES), MONOLITH)
ISSUER = "CAMPUS_TOKEN_ISSUER"
PRIVATE_KEY = "CAMPUS_IDENTITY_PRIVATE_KEY"
DEMO_PASSWORD = "CAMPUS_DEMO_PASSWORD"


def url_variable(service: str) -> str:
    """``CAMPUS_CATALOG_URL`` for ``catalog``: where its neighbours find it."""
    return f"CAMPUS_{service.upper()}_URL"


def client_secret_variable(service: str) -> str:
    """``CAMPUS_DASHBOARD_CLIENT_SECRET``: the dashboard's OAuth2 client secret."""
    return f"CAMPUS_{service.upper()}_CLIENT_SECRET"


def database_variable(process_type: str) -> str:
    """``CAMPUS_CATALOG_DATABASE_URL``: what `campus up` attaches the catalog to, when set."""
    return f"CAMPUS_{process_type.upper()}_DATABASE_URL"


def neighbours(process_type: str) -> tuple[str, ...]:
    """The services a process of this type calls over HTTP, in registry order (events go
    through its outbox and Redis, not to a neighbour's URL)."""
    if process_type == MONOLITH:
        return ()  # every part is in the same process
    spec = service_get(process_type)
    return tuple(s.name for s in SERVICES if s.name in spec.calls)


def owns_data(process_type: str) -> bool:
    """Whether a process of this type has a database of its own (the monolith has one)."""
    return process_type == MONOLITH or service_get(process_type).owns_data
