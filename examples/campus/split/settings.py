"""Django settings of the expand/contract run: the legacy app alone, on ``DATABASE_URL``."""

import os
import secrets

from campus.assembly.config import value

INSTALLED_APPS = ["campus.split.legacy"]
DATABASES = {"default": value(os.environ, "DATABASE_URL")}
SECRET_KEY = secrets.token_urlsafe(32)  # signs nothing here; Django refuses to start without it
USE_TZ = True
TIME_ZONE = "UTC"
