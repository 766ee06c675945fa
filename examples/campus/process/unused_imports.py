"""Imports a real campus process refuses: modules a library imports whenever they are installed,
for features campus never uses, at a cost to the start of every process on the cores that
``campus up`` fills.

- ``rfc3987_syntax``: jsonschema imports it when it is installed (Jupyter's extras bring it), and
  the import builds a grammar for 1.5 s; campus checks only its own formats
  (`campus.events.validation`), never IRIs.
- ``opentelemetry.sdk.metrics``: redis-py imports OpenTelemetry's metrics SDK to see whether it
  could report metrics through it, which campus never asks it to (its spans use the tracing SDK).
- ``docutils``: Django's admindocs, imported by DRF's schema module, imports it (Sphinx brings
  it; the image has none) to render reST docstrings, which no campus page shows.

Each library takes the ``ImportError`` as "not installed" and goes on without the feature.

    >>> unused_imports_refused()   # before the libraries are imported
"""

import sys

__all__ = ["UNUSED", "unused_imports_refused"]

UNUSED = ("rfc3987_syntax", "opentelemetry.sdk.metrics", "docutils")


def unused_imports_refused() -> None:
    """Make an import of any of `UNUSED` raise ``ImportError`` in this process, unless it has
    been imported already."""
    for name in UNUSED:
        sys.modules.setdefault(name, None)
