"""The WSGI entry point gunicorn loads: ``gunicorn campus.process.wsgi``.

    $ CAMPUS_SERVICE=catalog SECRET_KEY=... DATABASE_URL=postgres://... \\
    >     gunicorn --bind 127.0.0.1:8001 campus.process.wsgi
"""

import os

from campus.loading import loading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus.process.settings")

# Loaded once, in gunicorn's master (preload_app), with the collector paused (`campus.loading`).
with loading():
    import django

    django.setup()

    from .app import application as _build

    application = _build()
