"""The identity in-process Python API (OEP-49)."""

from .data import DEMO_LEARNERS, DEMO_STAFF, LEARNER_APP, service_clients
from .services import identity_seed
from .tokens import claims_sign
from .urls import JWKS_PATH, TOKEN_PATH

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
