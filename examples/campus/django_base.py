"""The Django settings both composition roots share: apps, middleware, DRF, logging.

`campus.embedded.settings` (every service in one process) and `campus.process.settings` (one
service per process) differ only in where databases, secrets and routes come from.
"""

import os
import warnings

from django.conf import global_settings

from campus.assembly.config import ConfigurationError, value
from campus.log_lines import OncePerRequest, OneLineFormatter
from campus.registry import SERVICES

__all__ = [
    "CLIENT_SECRET_HASHER",
    "INSTALLED_APPS",
    "LOG_FORMAT",
    "LOG_STREAMS",
    "PASSWORD_HASHERS",
    "REST_FRAMEWORK",
    "SPECTACULAR_SETTINGS",
    "STATIC_URL",
    "TEMPLATES",
    "TOKEN_LIFETIME_S",
    "ConfigurationError",
    "logging",
    "oauth2_provider",
]


INSTALLED_APPS = [
    # The identity service's users and OAuth2 clients (campus.registry: its owns_apps).
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "oauth2_provider",
    "rest_framework",
    "drf_spectacular",
    *(spec.module for spec in SERVICES),
    "campus.twelvefactor",  # the audit: ``campus manage check --tag twelvefactor``
    "campus.assembly",  # admin commands that need the wiring: ``saga_recover``
]

REST_FRAMEWORK = {
    # Every view verifies a bearer token and checks its scope, unless it opts out (/health,
    # /openapi.json, / and /docs do): see campus.tokens.drf.
    "DEFAULT_AUTHENTICATION_CLASSES": ["campus.tokens.drf.BearerAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["campus.tokens.drf.ScopeRequired"],
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
    # service under /static/ (see campus.assembly.urlconfs): the docs page needs no network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # The documents and Swagger UI are public: no token is needed to read a contract.
    "SERVE_AUTHENTICATION": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",  # the default hook, kept
        "campus.tokens.openapi.security_responses",
    ],
}

# The demo learners sign in with the password grant, which RFC 9700 2.4 says must not be used;
# django-oauth-toolkit warns on every use. The choice is made and explained on the site (a
# real deployment uses the authorization code grant with PKCE), so the warning is not repeated.
PASSWORD_GRANT_WARNING = "The OAuth 2.0 resource owner password credentials grant"
warnings.filterwarnings("ignore", message=PASSWORD_GRANT_WARNING, category=DeprecationWarning)

# Minutes, not hours: a stolen token is good for this long, and no service asks the identity
# provider whether a token was revoked (each verifies it alone, from the public keys).
TOKEN_LIFETIME_S = 300
# A refresh token is the only credential of the learners' app, a public client: an app on a
# learner's device keeps no secret (RFC 8252 8.5), and PKCE protects an authorization code, which
# the password grant has none of. RFC 9700 4.14.2 asks such a client's refresh tokens to rotate;
# campus also has them expire when unused and, when one is used twice, ends the whole sign-in.
REFRESH_TOKEN_IDLE_S = 24 * 3600


def oauth2_provider(*, private_key: str) -> dict:
    """django-oauth-toolkit's OAUTH2_PROVIDER setting, signing with ``private_key`` (PEM)."""
    from campus.tokens.scopes import DESCRIPTIONS

    return {
        "ACCESS_TOKEN_GENERATOR": "campus.identity.tokens.access_token_generate",
        # Without this, refresh tokens would be made by the access token generator too.
        "REFRESH_TOKEN_GENERATOR": "oauthlib.oauth2.rfc6749.tokens.random_token_generator",
        "ACCESS_TOKEN_EXPIRE_SECONDS": TOKEN_LIFETIME_S,
        # Each refresh answers a new refresh token and revokes the one used (the default, said).
        "ROTATE_REFRESH_TOKEN": True,
        # Refused this long after the access token it came with expired, if not used before.
        "REFRESH_TOKEN_EXPIRE_SECONDS": REFRESH_TOKEN_IDLE_S,
        # A revoked refresh token presented again means two holders: one of them stole it.
        # Every token of that sign-in (its family) is revoked, and the learner signs in again.
        "REFRESH_TOKEN_REUSE_PROTECTION": True,
        # `check --deploy` then fails, not warns, if the protection is ever switched off.
        "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
        "SCOPES": DESCRIPTIONS,
        "SCOPES_BACKEND_CLASS": "campus.identity.scopes.CampusScopes",
        "CLIENT_SECRET_HASHER": CLIENT_SECRET_HASHER,
        # Keep only a checksum of each token issued, not the token (RFC 9700 4).
        "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
        # Enabled for the JWKS view only (RSA keys): no ID token is issued, no openid scope.
        "OIDC_ENABLED": True,
        # Its server, with one audience per service token and token exchange (RFC 8693).
        "OIDC_SERVER_CLASS": "campus.identity.exchange.CampusServer",
        "OIDC_RSA_PRIVATE_KEY": private_key,
    }


# OAuth2 client secrets are random, so they are hashed with few rounds (campus.identity.hashers);
# users' passwords keep Django's default, the first of the list. A secret stored by an older
# release under the default hasher is still checked by it.
CLIENT_SECRET_HASHER = "pbkdf2_sha256_client_secret"
PASSWORD_HASHERS = [*global_settings.PASSWORD_HASHERS, "campus.identity.hashers.ClientSecretHasher"]

# Only for the docs page (/docs), which drf-spectacular renders from a template.
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
STATIC_URL = "/static/"

# Logs are an event stream the environment captures (twelve-factor XI). stderr by default, since
# `campus serve` and `campus up` print their one line of service URLs on stdout for a program.
LOG_STREAMS = {"stderr": "ext://sys.stderr", "stdout": "ext://sys.stdout"}
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def logging(environ=os.environ) -> dict:
    """The LOGGING setting, from ``CAMPUS_LOG_LEVEL`` and ``CAMPUS_LOG_STREAM``.

    Raises `ConfigurationError` naming the variable for a level or stream it does not know.
    """
    level = value(environ, "CAMPUS_LOG_LEVEL")
    stream = value(environ, "CAMPUS_LOG_STREAM")
    handler = {"class": "logging.StreamHandler", "formatter": "line", "stream": LOG_STREAMS[stream]}
    # What a client sent stays on its one line, and one request writes one library warning at
    # most (campus.log_lines); the root logger has the handler too, so a library's warning is
    # written through it rather than through Python's bare last-resort handler.
    handler["filters"] = ["once_per_request"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {"()": OneLineFormatter, "format": LOG_FORMAT}},
        "filters": {"once_per_request": {"()": OncePerRequest}},
        "handlers": {"stream": handler},
        "root": {"handlers": ["stream"], "level": "WARNING"},
        "loggers": {
            "campus": {"handlers": ["stream"], "level": level, "propagate": False},
            # 4xx answers, and requests queued for a worker in a burst, are not problems to log.
            "django.request": {"handlers": ["stream"], "level": "ERROR", "propagate": False},
            "waitress.queue": {"handlers": ["stream"], "level": "ERROR", "propagate": False},
            # Its password-grant warning on every sign-in (see PASSWORD_GRANT_WARNING above).
            "oauth2_provider": {"handlers": ["stream"], "level": "ERROR", "propagate": False},
        },
    }
