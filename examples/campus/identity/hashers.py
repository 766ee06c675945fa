"""The hasher of OAuth2 client secrets: PBKDF2 with few rounds, because a client secret is random.

A password hasher's million rounds (Django's default) make guessing a human's password slow.
A client secret is not guessed: the ones ``campus up`` makes are 32 random bytes
(`campus.process.throwaway_secrets`), 256 bits no number of rounds makes harder to find. The
rounds only cost the identity provider: a third of a second of a core for every token it
issues to a service, which raced the services' 1 s deadline on a busy machine, and for every
secret the release stores. Users' passwords keep Django's default hasher.

    >>> make_password("s3cr3t", hasher=ClientSecretHasher.algorithm)   # doctest: +SKIP
    'pbkdf2_sha256_client_secret$1000$...'
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

__all__ = ["ClientSecretHasher"]


class ClientSecretHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 with 1,000 rounds, for random client secrets only (see above)."""

    algorithm = "pbkdf2_sha256_client_secret"
    iterations = 1_000
