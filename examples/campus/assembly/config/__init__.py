"""The one place campus reads its configuration: every environment variable is listed in the
catalogue (`variables`), with its meaning, kind, default and who needs it, and read through the
readers (`read`), in django-environ's vocabulary, from a mapping (``os.environ`` or a test's).
Both runtimes, the CLI, the deploy generator and the twelve-factor audit go through it; a test
keeps every other module of campus from reading ``os.environ`` itself.

    >>> PlatformConfig.from_environ({"CAMPUS_HTTP_RETRIES": "0"}, []).http_retries
    0
"""

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
from .platform import PlatformConfig, otlp_configured
from .read import ConfigurationError, cache_folder, env, flag_read, given, prefixed, value
from .variables import (
    CATALOGUE,
    Variable,
    required_variables,
    seed_variables,
    token_variables,
    variable,
    variables_read,
)

__all__ = [
    "CATALOGUE",
    "DEMO_PASSWORD",
    "ISSUER",
    "MONOLITH",
    "PRIVATE_KEY",
    "PROCESS_TYPES",
    "ConfigurationError",
    "PlatformConfig",
    "Variable",
    "cache_folder",
    "client_secret_variable",
    "database_variable",
    "env",
    "flag_read",
    "given",
    "neighbours",
    "otlp_configured",
    "owns_data",
    "prefixed",
    "required_variables",
    "seed_variables",
    "token_variables",
    "url_variable",
    "value",
    "variable",
    "variables_read",
]
