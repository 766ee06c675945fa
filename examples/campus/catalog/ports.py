"""What the catalog needs from its neighbours: nothing. It is the source of truth for courses."""

from dataclasses import dataclass

__all__ = ["CatalogPorts"]


@dataclass(frozen=True)
class CatalogPorts:
    """Empty on purpose: the catalog calls no other service and consumes no event."""
