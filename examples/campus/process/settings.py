"""Django settings of one real campus process, read from the environment only (twelve-factor III).

``DJANGO_SETTINGS_MODULE=campus.process.settings`` with ``CAMPUS_SERVICE`` naming the service
(or ``monolith``); `campus.assembly.config` lists every variable. A missing secret key or
database URL stops the process with one line naming the variable, before anything else runs.
"""

import os
import sys

from campus import django_base
from campus.process.environment import MissingVariable, settings_read
from campus.process.proxy import BODY_LIMIT_BYTES
from campus.process.unused_imports import unused_imports_refused

unused_imports_refused()  # before any library that would import one of them

try:
    _read = settings_read(os.environ)
except MissingVariable as exc:
    sys.exit(f"campus: {exc}")

CAMPUS_SERVICE = _read["service"]
# Tokens (campus.tokens): the issuer every token names, the identity's URL (for its JWKS and
# token endpoint), this service's own client secret, and for the identity provider (and the
# monolith) the key it signs with. Every one from the environment, none with a default.
CAMPUS_TOKEN_ISSUER = _read["issuer"]
CAMPUS_IDENTITY_URL = _read["identity_url"]
CAMPUS_CLIENT_SECRETS = _read["client_secrets"]
if _read["private_key"] is not None:
    OAUTH2_PROVIDER = django_base.oauth2_provider(private_key=_read["private_key"])
SECRET_KEY = _read["secret_key"]
DEBUG = _read["debug"]
ALLOWED_HOSTS = _read["allowed_hosts"]
# Where the event workers find Redis (twelve-factor IV); read by the audit in the web processes.
CAMPUS_REDIS_URL = _read["redis_url"]
USE_TZ = True
TIME_ZONE = "UTC"
INSTALLED_APPS = django_base.INSTALLED_APPS
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "campus.assembly.middleware.ServiceMiddleware",
]
ROOT_URLCONF = "campus.process.urls"
WSGI_APPLICATION = "campus.process.wsgi.application"
# The process's database under the alias the service's router scope names (its own name, or
# "monolith"); "default" stays empty so nothing falls back to a shared database by accident.
DATABASES = {"default": {}}
if _read["database"] is not None:
    DATABASES[CAMPUS_SERVICE] = _read["database"]
DATABASE_ROUTERS = ["campus.assembly.databases.ServiceRouter"]
PASSWORD_HASHERS = django_base.PASSWORD_HASHERS
DATA_UPLOAD_MAX_MEMORY_SIZE = BODY_LIMIT_BYTES  # nginx refuses a larger body first
REST_FRAMEWORK = django_base.REST_FRAMEWORK
SPECTACULAR_SETTINGS = django_base.SPECTACULAR_SETTINGS
TEMPLATES = django_base.TEMPLATES
STATIC_URL = django_base.STATIC_URL
try:
    LOGGING = django_base.logging(os.environ)
except ValueError as exc:
    sys.exit(f"campus: {exc}")

# `check --deploy` warnings left on purpose:
SILENCED_SYSTEM_CHECKS = [
    # security.W004 (HSTS) and W008 (redirect to HTTPS): TLS ends at the ingress or proxy in front
    # of the services; behind it they speak plain HTTP on a private network, where an HTTPS
    # redirect would break the /health probes and the calls between services.
    "security.W004",
    "security.W008",
    # security.W003 (no CSRF middleware): CSRF rides on cookies a browser sends by itself; these
    # JSON APIs set no cookie and use no session, so there is nothing for a forged request to use.
    "security.W003",
]
