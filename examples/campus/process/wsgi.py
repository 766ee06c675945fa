"""The WSGI entry point gunicorn loads: ``gunicorn campus.process.wsgi``.

    $ CAMPUS_SERVICE=catalog SECRET_KEY=... DATABASE_URL=postgres://... \\
    >     gunicorn --bind 127.0.0.1:8001 campus.process.wsgi
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus.process.settings")

import django

django.setup()

from .app import application as _build  # noqa: E402

application = _build()
