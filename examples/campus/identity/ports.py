"""What identity needs from its neighbours: nothing."""

from dataclasses import dataclass

__all__ = ["IdentityPorts"]


@dataclass(frozen=True)
class IdentityPorts:
    """Empty on purpose: the identity provider calls no service; the services call it."""
