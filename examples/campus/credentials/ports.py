"""What credentials needs from its neighbours: no calls, only the events it is handed."""

from dataclasses import dataclass

__all__ = ["CredentialsPorts"]


@dataclass(frozen=True)
class CredentialsPorts:
    """Empty on purpose: credentials learns of completions from events (see ``api.EVENT_HANDLERS``)
    and never calls enrollments back; it announces the certificates it issues through its
    outbox, which the runtime hands its event handler."""
