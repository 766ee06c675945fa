"""Signed access tokens between services (OEP-42): what every service but the identity provider
uses to check who calls it, and what the shared HTTP client sends.

- `campus.tokens.verify`: a JWT's signature (RS256 only), issuer, audience, times and claims,
  checked with PyJWT against the identity provider's JWKS;
- `campus.tokens.drf`: the DRF authentication and permission classes every service view uses;
- `campus.tokens.client`: a ``requests`` auth that sends the service's own client-credentials
  token, or the learner's exchanged (`campus.tokens.exchange`), each good at one neighbour only;
- `campus.tokens.scopes`: the three scopes a token may hold.
"""
