"""Client secrets are hashed with few rounds (they are random), passwords with Django's default."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from oauth2_provider.models import get_application_model

from campus import django_base
from campus.assembly.databases import database_scope
from campus.assembly.service_events import service_scope
from campus.identity.hashers import ClientSecretHasher
from campus.registry import IDENTITY, service_get


def test_a_client_secret_hash_accepts_its_secret_and_refuses_another():
    stored = make_password("the-secret", hasher=django_base.CLIENT_SECRET_HASHER)
    assert stored.startswith(f"{ClientSecretHasher.algorithm}$1000$")
    assert check_password("the-secret", stored)
    assert not check_password("not-the-secret", stored)
    assert not check_password("", stored)


def test_a_real_process_hashes_passwords_with_djangos_default_first():
    assert django_base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert django_base.PASSWORD_HASHERS[-1] == "campus.identity.hashers.ClientSecretHasher"


def test_the_stored_service_secrets_use_the_client_secret_hasher_and_accounts_do_not(
    microservices,
):
    from django.conf import settings

    with database_scope(service_scope(service_get(IDENTITY))):
        dashboard = get_application_model().objects.get(client_id="dashboard")
        ada = get_user_model().objects.get(username="ada")
    assert dashboard.client_secret.startswith(ClientSecretHasher.algorithm + "$")
    assert check_password(settings.CAMPUS_CLIENT_SECRETS["dashboard"], dashboard.client_secret)
    assert not ada.password.startswith(ClientSecretHasher.algorithm + "$")
    assert ada.check_password(microservices.demo_password)
