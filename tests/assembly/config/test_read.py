"""Every variable is read by its kind, in django-environ's words, with the catalogue's default;
a bad value is refused naming the variable, and a name the catalogue lacks cannot be read."""

import pytest

from campus.assembly.config import ConfigurationError, flag_read, given, prefixed, value
from campus.process.environment import settings_read


def test_an_unset_variable_reads_as_its_catalogued_default_parsed_by_its_kind():
    assert value({}, "CAMPUS_HTTP_TIMEOUT") == 2.0
    assert value({}, "CAMPUS_HTTP_RETRIES") == 1
    assert value({}, "CAMPUS_DASHBOARD_READ_MODEL") is False
    assert value({}, "ALLOWED_HOSTS") == ["127.0.0.1", "localhost"]
    assert value({}, "REDIS_URL") is None  # no default


def test_a_set_variable_is_parsed_by_django_environ():
    assert value({"ALLOWED_HOSTS": "a,b"}, "ALLOWED_HOSTS") == ["a", "b"]
    database = value({"DATABASE_URL": "postgres://u:pw@db:5432/catalog"}, "DATABASE_URL")
    assert (database["ENGINE"], database["NAME"]) == ("django.db.backends.postgresql", "catalog")
    assert value({"CAMPUS_RELEASE_DATABASES": '{"a": "b"}'}, "CAMPUS_RELEASE_DATABASES") == {
        "a": "b"
    }


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("CAMPUS_LOG_LEVEL", "loud", "CAMPUS_LOG_LEVEL='LOUD' must be one of"),
        ("CAMPUS_LOG_STREAM", "file", "CAMPUS_LOG_STREAM='file' must be one of"),
        ("DATABASE_URL", "nonsense", "DATABASE_URL is not a database URL"),
        ("CAMPUS_RELEASE_DATABASES", "{", "CAMPUS_RELEASE_DATABASES is not JSON"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_naming_the_variable(name, text, message):
    with pytest.raises(ConfigurationError, match=message):
        value({name: text}, name)


def test_a_log_level_is_read_in_any_case():
    assert value({"CAMPUS_LOG_LEVEL": "info"}, "CAMPUS_LOG_LEVEL") == "INFO"


def test_a_variable_the_catalogue_does_not_list_cannot_be_read():
    with pytest.raises(KeyError):
        value({"CAMPUS_GRADES_URL": "http://127.0.0.1:1"}, "CAMPUS_GRADES_URL")
    with pytest.raises(KeyError):
        given({}, "CAMPUS_GRADES_URL")


def test_given_is_the_text_as_set_and_none_when_unset_or_empty():
    assert given({"CAMPUS_DATA_DIR": "/tmp/x"}, "CAMPUS_DATA_DIR") == "/tmp/x"
    assert given({"CAMPUS_DATA_DIR": ""}, "CAMPUS_DATA_DIR") is None
    assert given({}, "CAMPUS_HTTP_TIMEOUT") is None  # its default is not given


def test_the_audit_sees_every_prefixed_name_misspelt_ones_too():
    environ = {"CAMPUS_CATALOG_ULR": "x", "CAMPUS_DEADLINE": "1", "PATH": "/bin"}
    assert prefixed(environ, "CAMPUS_") == {"CAMPUS_CATALOG_ULR": "x", "CAMPUS_DEADLINE": "1"}


@pytest.mark.parametrize(
    ("word", "value"),
    [
        *[("true", True), ("On", True), ("yes", True), ("1", True), ("ok", True)],
        *[("false", False), ("off", False), ("no", False), ("0", False)],
    ],
)
def test_a_flag_reads_django_environs_words(word, value):
    assert flag_read({"FLAG": word}, "FLAG", not value) is value


def test_a_flag_refuses_a_word_django_environ_would_read_as_false():
    with pytest.raises(ConfigurationError, match="FLAG='ture' is not a boolean"):
        flag_read({"FLAG": "ture"}, "FLAG", True)


def test_the_real_runtime_reads_debug_with_the_same_words():
    base = {"CAMPUS_SERVICE": "catalog", "SECRET_KEY": "s", "DATABASE_URL": "sqlite:///x"}
    base |= {"CAMPUS_TOKEN_ISSUER": "i", "CAMPUS_IDENTITY_URL": "http://127.0.0.1:1"}
    assert settings_read(base | {"DEBUG": "on"})["debug"] is True
