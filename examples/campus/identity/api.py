"""The identity in-process Python API (OEP-49)."""

from campus.tokens.endpoints import JWKS_PATH, TOKEN_PATH

from .data import DEMO_LEARNERS, DEMO_STAFF, LEARNER_APP, service_clients
from .services import identity_seed
from .tokens import claims_sign

__all__ = [
    "DEMO_LEARNERS",
    "DEMO_STAFF",
    "JWKS_PATH",
    "LEARNER_APP",
    "TOKEN_PATH",
    "claims_sign",
    "identity_seed",
    "service_clients",
]
