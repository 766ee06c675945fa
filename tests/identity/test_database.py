"""The identity's tables live in its database only (django-oauth-toolkit's check of this is
replaced: see campus.identity.apps)."""

from django.apps import apps
from django.db import router
from oauth2_provider.settings import oauth2_settings

from campus.assembly.databases import database_scope
from campus.assembly.service_events import service_scope
from campus.registry import IDENTITY, service_get


def test_every_token_table_is_written_to_the_identity_database():
    models = (
        oauth2_settings.ACCESS_TOKEN_MODEL,
        oauth2_settings.REFRESH_TOKEN_MODEL,
        oauth2_settings.ID_TOKEN_MODEL,
        oauth2_settings.APPLICATION_MODEL,
        "auth.User",
    )
    with database_scope(service_scope(service_get(IDENTITY))):
        assert {router.db_for_write(apps.get_model(m)) for m in models} == {IDENTITY}


def test_no_other_service_database_holds_identity_tables():
    for label in ("auth", "contenttypes", "oauth2_provider"):
        for spec in ("catalog", "enrollments", "credentials"):
            assert not router.allow_migrate(spec, label)
        assert router.allow_migrate(IDENTITY, label)
