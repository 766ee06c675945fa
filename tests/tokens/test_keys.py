"""A signing key's id and public half come from one reading of its PEM."""

from cryptography.hazmat.primitives import serialization
from jwcrypto import jwk

from campus.tokens.keys import key_id, private_key_generate, public_key


def test_the_key_id_is_the_rfc_7638_thumbprint_jwcrypto_computes_from_the_pem():
    pem = private_key_generate()
    assert key_id(pem) == jwk.JWK.from_pem(pem.encode()).thumbprint()


def test_the_public_key_is_the_public_half_of_the_private_key_given():
    pem = private_key_generate()
    private = serialization.load_pem_private_key(pem.encode(), password=None)
    assert public_key(pem).public_numbers() == private.public_key().public_numbers()


def test_two_keys_get_two_ids():
    assert key_id(private_key_generate()) != key_id(private_key_generate())
