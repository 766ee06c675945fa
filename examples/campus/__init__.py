"""campus: a tiny Open-edX-like learning platform.

It runs as a monolith or as four Django services in one process:

    >>> from campus.embedded import Platform
    >>> with Platform("microservices") as platform:
    ...     platform.urls["catalog"]
    'http://127.0.0.1:...'
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
