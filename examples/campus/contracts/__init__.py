"""Consumer contracts between services, checked before deploy with Pact (pact-python).

Each consumer writes down what it relies on from a provider, as a pact, and proves its own code
works with exactly that (`consumers`); the provider is then verified against the pact, over HTTP
for a service's API and with real messages for an event (`providers`). A provider change that
breaks a consumer fails the verification, naming the consumer and the field.

    >>> pact_file = dashboard_of_catalog(folder)                        # doctest: +SKIP
    >>> http_verify("catalog", platform.url("catalog"), [pact_file]).ok  # doctest: +SKIP
    True
"""

import os
from pathlib import Path

# pact-python reports usage to the Pact Foundation unless told not to; tests touch nothing
# outside this machine.
os.environ.setdefault("PACT_DO_NOT_TRACK", "true")

from .consumers import (
    REJECTED_LEARNER,
    credentials_of_completion,
    dashboard_of_catalog,
    dashboard_of_enrollments,
    enrollments_of_catalog,
)
from .providers import Verification, http_verify, messages_verify

# Pacts of consumer releases still deployed somewhere, kept by the providers until the
# version they use is gone: the dashboard's, from before it moved to the course list's v2.
RELEASED = Path(__file__).parent / "released"
DASHBOARD_OF_CATALOG_V1 = RELEASED / "dashboard-catalog-v1.json"

__all__ = [
    "DASHBOARD_OF_CATALOG_V1",
    "REJECTED_LEARNER",
    "Verification",
    "credentials_of_completion",
    "dashboard_of_catalog",
    "dashboard_of_enrollments",
    "enrollments_of_catalog",
    "http_verify",
    "messages_verify",
]
