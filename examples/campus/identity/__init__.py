"""identity: the OAuth2 provider (an identity-provider service), built on django-oauth-toolkit.

It signs RS256 JWT access tokens (`campus.identity.tokens`) for services (client-credentials
grant, a client id and secret each) and for the seeded demo learners (password grant), and
publishes its public keys as a JWKS. Every other service verifies those tokens itself
(`campus.tokens`), as Open edX services verify the JWTs the LMS issues (OEP-42).
"""
