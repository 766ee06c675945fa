"""A real process refuses the imports it never uses, and the libraries go on without them."""

import subprocess
import sys

CODE = """
from campus.process.unused_imports import unused_imports_refused
unused_imports_refused()
import django.contrib.admindocs.utils as admindocs
import jsonschema
from redis.observability import providers
print(providers.OTEL_AVAILABLE, admindocs.docutils_is_available)
import sys
refused = ("docutils", "rfc3987", "opentelemetry.sdk.metrics")
print(sorted((n, sys.modules[n]) for n in sys.modules if n.startswith(refused)))
"""


def test_redis_django_and_jsonschema_load_without_the_refused_modules():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "False False",  # redis-py reports no metrics; admindocs renders no reST
        # Each only refused: no module of them loaded.
        "[('docutils', None), ('opentelemetry.sdk.metrics', None), ('rfc3987_syntax', None)]",
    ]
