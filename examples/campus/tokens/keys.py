"""RSA signing keys: generated for the in-process runtime, read from the environment elsewhere.

The key id (``kid``) is the key's RFC 7638 thumbprint, computed by jwcrypto exactly as
django-oauth-toolkit's JWKS view computes it, so a token's header names the key the JWKS lists.

    >>> pem = private_key_generate()
    >>> len(key_id(pem))
    43
"""

import functools

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto import jwk

__all__ = ["InvalidSigningKey", "key_id", "private_key_generate", "public_key", "signing_key_read"]

KEY_BITS = 2048  # RFC 7518 3.3: RS256 needs 2048 bits or more


class InvalidSigningKey(ValueError):
    """The text given is not an RSA private key in PEM, or one too short for RS256."""


def private_key_generate() -> str:
    """A fresh RSA private key, PEM (PKCS#8) text: ~0.1 s."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def signing_key_read(pem: str, *, name: str) -> str:
    """``pem`` when it is an RSA private key of at least 2048 bits; else `InvalidSigningKey`
    naming ``name`` (the variable it came from)."""
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise InvalidSigningKey(f"{name} is not a PEM private key without passphrase") from exc
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < KEY_BITS:
        raise InvalidSigningKey(f"{name} must be an RSA private key of {KEY_BITS} bits or more")
    return pem


@functools.lru_cache(maxsize=8)
def key_id(pem: str) -> str:
    return jwk.JWK.from_pyca(_private_key(pem)).thumbprint()


def public_key(pem: str) -> rsa.RSAPublicKey:
    return _private_key(pem).public_key()


@functools.lru_cache(maxsize=8)
def _private_key(pem: str) -> rsa.RSAPrivateKey:
    # Loading checks the key's primes: ~40 ms of a core, paid once per key, not once per
    # verifier and key id (an in-process start built four of them).
    return serialization.load_pem_private_key(pem.encode(), password=None)
