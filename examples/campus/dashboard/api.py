"""The dashboard's in-process Python API (OEP-49)."""

from .data import Dashboard
from .selectors import dashboard_get

__all__ = ["Dashboard", "dashboard_get"]
