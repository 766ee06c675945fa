import pytest
from django.conf import settings
from django.test import override_settings

from campus.twelvefactor import backing_services, sources


def _errors(ids):
    return [i for i in ids(backing_services) if ".E" in i]


def test_the_platform_attaches_every_neighbour_it_is_given(ids, clean_environ):
    clean_environ.setenv("CAMPUS_CATALOG_URL", "http://127.0.0.1:8001")
    assert _errors(ids) == []


def test_a_neighbour_url_the_runtime_cannot_use_is_an_error(ids, clean_environ):
    clean_environ.setenv("CAMPUS_CATALOG_URL", "127.0.0.1:8001")
    assert _errors(ids) == ["campus.12F.IV.E001"]


def test_two_services_on_one_database_file_is_an_error(ids, tmp_path):
    shared = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "shared.sqlite3")}
    databases = {**settings.DATABASES, "catalog": shared, "enrollments": shared}
    with (
        pytest.warns(UserWarning, match="Overriding setting DATABASES"),
        override_settings(DATABASES=databases),
    ):
        assert _errors(ids) == ["campus.12F.IV.E002"]


def test_sqlite_files_are_reported_as_not_attached_by_url(ids, monkeypatch):
    assert "campus.12F.IV.W001" in ids(backing_services)
    server = {"ENGINE": "django.db.backends.postgresql", "NAME": "catalog", "HOST": "db"}
    monkeypatch.setattr(sources, "databases", lambda: {"catalog": server})
    assert "campus.12F.IV.W001" not in ids(backing_services)


def test_an_event_bus_inside_the_process_is_reported_until_a_broker_is_attached(ids, monkeypatch):
    assert "campus.12F.IV.W002" in ids(backing_services)
    monkeypatch.setattr(sources, "event_bus", lambda: object())
    assert "campus.12F.IV.W002" not in ids(backing_services)
