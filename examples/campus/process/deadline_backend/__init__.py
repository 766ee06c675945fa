"""A PostgreSQL database backend whose every wait ends by the request's deadline: see `.base`."""

from .base import ENGINE, DeadlinePassed, bounded

__all__ = ["ENGINE", "DeadlinePassed", "bounded"]
