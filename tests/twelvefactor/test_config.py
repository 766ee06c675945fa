import pytest
from django.conf import settings

from campus.assembly.config import PRIVATE_KEY
from campus.twelvefactor import config


@pytest.fixture(autouse=True)
def _signing_key_given(clean_environ):
    # The signing key's own check (test_secret_values) is not what these tests are about.
    clean_environ.setenv(PRIVATE_KEY, settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"])


def test_a_deploy_configured_only_through_known_variables_passes(ids, clean_environ):
    clean_environ.setenv("CAMPUS_SECRET_KEY", settings.SECRET_KEY)
    clean_environ.setenv("CAMPUS_HTTP_TIMEOUT", "0.5")
    assert ids(config) == []


def test_a_value_the_runtime_would_refuse_is_an_error_naming_the_variable(clean_environ):
    clean_environ.setenv("CAMPUS_SECRET_KEY", settings.SECRET_KEY)
    clean_environ.setenv("CAMPUS_HTTP_TIMEOUT", "soon")
    clean_environ.setenv("CAMPUS_HTTP_RETRIES", "-1")
    messages = config.check()
    assert [(m.id, m.obj) for m in messages] == [
        ("campus.12F.III.E001", "CAMPUS_HTTP_RETRIES"),
        ("campus.12F.III.E001", "CAMPUS_HTTP_TIMEOUT"),
    ]


def test_a_misspelt_variable_is_a_warning(ids, clean_environ):
    clean_environ.setenv("CAMPUS_SECRET_KEY", settings.SECRET_KEY)
    clean_environ.setenv("CAMPUS_CATALOG_ULR", "http://127.0.0.1:8001")
    assert ids(config) == ["campus.12F.III.W001"]


def test_a_secret_key_made_up_at_start_is_a_warning(ids, clean_environ):
    assert ids(config) == ["campus.12F.III.W002"]
    clean_environ.setenv("CAMPUS_SECRET_KEY", "set after this process configured Django")
    assert ids(config) == ["campus.12F.III.W002"]
