"""Where the identity provider answers, as every client and verifier finds it."""

__all__ = ["ACCESS_TOKEN_TYPE", "JWKS_PATH", "LEARNER_APP", "TOKEN_EXCHANGE", "TOKEN_PATH"]

TOKEN_PATH = "/oauth2/token"
JWKS_PATH = "/.well-known/jwks.json"  # RFC 8615's well-known folder, at the root
# The public client a learner's app signs in through, as Open edX's mobile apps have used the
# password grant; it has no secret, since an app on a learner's device cannot keep one.
LEARNER_APP = "campus-learner-app"
# RFC 8693: the grant a service trades a learner's token with, and the kind of token traded.
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"
