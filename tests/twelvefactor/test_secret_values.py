"""No key or secret has a default in a real process; the in-process runtime says it made its
own up."""

from django.conf import settings
from django.test import override_settings

from campus.assembly.config import PRIVATE_KEY, client_secret_variable
from campus.twelvefactor import secret_values, sources

KEY = settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]


def _as_real_process(monkeypatch, service):
    monkeypatch.setattr(sources, "process_service", lambda: service)


def test_a_signing_key_generated_at_start_is_a_warning_until_the_environment_gives_it(
    ids, clean_environ
):
    assert ids(secret_values) == ["campus.12F.III.W003"]
    clean_environ.setenv(PRIVATE_KEY, KEY)
    assert ids(secret_values) == []


def test_a_real_process_whose_secrets_are_the_environments_passes(ids, clean_environ):
    _as_real_process(clean_environ, "dashboard")
    clean_environ.setenv("SECRET_KEY", "a-secret-key")
    clean_environ.setenv(client_secret_variable("dashboard"), "its-secret")
    with override_settings(
        SECRET_KEY="a-secret-key", CAMPUS_CLIENT_SECRETS={"dashboard": "its-secret"}
    ):
        assert ids(secret_values) == []


def test_a_real_process_holding_a_key_the_environment_did_not_give_is_an_error(ids, clean_environ):
    _as_real_process(clean_environ, "identity")
    clean_environ.setenv("SECRET_KEY", settings.SECRET_KEY)
    clean_environ.setenv(PRIVATE_KEY, "a key from somewhere else")
    messages = secret_values.check()
    assert [(m.id, m.obj) for m in messages] == [("campus.12F.III.E003", PRIVATE_KEY)]


def test_a_secret_a_real_process_may_start_without_is_an_error(ids, clean_environ):
    _as_real_process(clean_environ, "enrollments")
    clean_environ.setenv("SECRET_KEY", settings.SECRET_KEY)
    clean_environ.setattr(
        secret_values, "required_variables", lambda name: ["CAMPUS_SERVICE", "SECRET_KEY"]
    )
    messages = secret_values.check()
    assert [(m.id, m.obj) for m in messages] == [
        ("campus.12F.III.E002", client_secret_variable("enrollments"))
    ]


def test_every_secret_of_every_process_type_is_required_and_none_has_a_default():
    from campus.assembly.config import PROCESS_TYPES, required_variables, variable

    for process_type in PROCESS_TYPES:
        for name in secret_values.secret_variables(process_type):
            assert name in required_variables(process_type)
            assert variable(name).default is None
