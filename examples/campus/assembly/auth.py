"""Tokens in a running platform: who verifies with which keys, and what each client sends.

Shared by the in-process runtime (`campus.embedded.platform`) and real processes
(`campus.process.app`); only where the secrets come from differs (generated settings there,
the environment here).
"""

from django.conf import settings
from oauth2_provider.settings import oauth2_settings

from campus.registry import service_get
from campus.tokens.client import ServiceAuth
from campus.tokens.endpoints import JWKS_PATH, TOKEN_PATH
from campus.tokens.exchange import ServiceTokens
from campus.tokens.verify import JwksKeys, LocalKeys, TokenVerifier

from .databases import database_scope

__all__ = [
    "client_auth",
    "client_credentials",
    "identity_seed",
    "monolith_verifier",
    "service_verifier",
]


def service_verifier(identity_url: str) -> TokenVerifier:
    """For one service: the identity provider's keys, from its JWKS over HTTP."""
    keys = JwksKeys(identity_url.rstrip("/") + JWKS_PATH)
    return TokenVerifier(issuer=settings.CAMPUS_TOKEN_ISSUER, keys=keys)


def monolith_verifier() -> TokenVerifier:
    """For the monolith, its own identity provider: the public half of its own key, no hop."""
    keys = LocalKeys(oauth2_settings.OIDC_RSA_PRIVATE_KEY)
    return TokenVerifier(issuer=settings.CAMPUS_TOKEN_ISSUER, keys=keys)


def client_credentials(caller: str, *, identity_url: str, client_secret: str) -> ServiceTokens:
    return ServiceTokens(
        token_url=identity_url.rstrip("/") + TOKEN_PATH,
        client_id=caller,
        client_secret=client_secret,
    )


def client_auth(tokens: ServiceTokens, callee: str) -> ServiceAuth:
    """What a client to ``callee`` sends, good at ``callee`` only: the learner's token
    exchanged, when ``callee`` holds learners' data (`campus.registry.ServiceSpec.learner_data`)
    and a learner is being served; else the caller's own."""
    exchange = tokens.exchange if service_get(callee).learner_data else None
    return ServiceAuth(tokens.own(callee), exchange=exchange)


def identity_seed(alias: str, scope) -> None:
    """Seed the identity tables of database ``alias`` (the identity's, or the monolith's) with
    this process's generated secrets, as ``scope``'s service."""
    # Imported here: it brings the identity's views, which a service that only verifies tokens
    # never serves; every process of `campus up` imports this module at its start.
    from campus.identity import api as identity_api

    with database_scope(scope):
        identity_api.identity_seed(
            alias=alias,
            demo_password=settings.CAMPUS_DEMO_PASSWORD,
            client_secrets=settings.CAMPUS_CLIENT_SECRETS,
        )
