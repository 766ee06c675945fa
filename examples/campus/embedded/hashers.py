"""The password hasher of the in-process runtime, whose passwords are generated per process."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

__all__ = ["ThrowawayPBKDF2PasswordHasher"]


class ThrowawayPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 with 1,000 rounds (Django's default is 1,000,000): for secrets that never
    outlive the process that generated them. Real processes keep Django's default."""

    algorithm = "pbkdf2_sha256_throwaway"
    iterations = 1_000
