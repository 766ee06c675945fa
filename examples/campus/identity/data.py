"""The accounts every fresh identity database holds: demo learners, one staff member, the
learners' app, and a confidential client per service that calls a neighbour."""

from campus.registry import SERVICES
from campus.tokens.endpoints import LEARNER_APP

__all__ = ["DEMO_LEARNERS", "DEMO_STAFF", "LEARNER_APP", "service_clients"]

DEMO_LEARNERS = ("ada", "grace", "linus")
DEMO_STAFF = ("instructor",)  # holds the staff scope: completes enrollments


def service_clients() -> tuple[str, ...]:
    """The client ids of the services that call a neighbour, hence need a token of their own."""
    return tuple(s.name for s in SERVICES if s.calls)
