from pathlib import Path

from django.conf import settings
from django.test import override_settings

from campus.twelvefactor import processes, sources

SESSION_APPS = ["django.contrib.contenttypes", "django.contrib.sessions"]


def _missing(names):
    # contenttypes is installed already, for the identity service's tables.
    return [name for name in names if name not in settings.INSTALLED_APPS]


def _data_folder():
    [folder] = {Path(db["NAME"]).parent for db in sources.databases().values()}
    return str(folder)


def test_databases_in_a_folder_the_environment_names_pass(ids, clean_environ):
    clean_environ.setenv("CAMPUS_DATA_DIR", _data_folder())
    assert ids(processes) == []


def test_databases_in_a_folder_private_to_the_process_are_a_warning(ids, clean_environ):
    assert ids(processes) == ["campus.12F.VI.W001"]


def test_sessions_kept_in_process_memory_are_an_error(ids, clean_environ):
    clean_environ.setenv("CAMPUS_DATA_DIR", _data_folder())
    with override_settings(
        INSTALLED_APPS=[*settings.INSTALLED_APPS, *_missing(SESSION_APPS)],
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    ):
        assert ids(processes) == ["campus.12F.VI.E001"]


def test_sessions_in_the_database_pass(ids, clean_environ):
    clean_environ.setenv("CAMPUS_DATA_DIR", _data_folder())
    with override_settings(
        INSTALLED_APPS=[*settings.INSTALLED_APPS, *_missing(SESSION_APPS)],
        SESSION_ENGINE="django.contrib.sessions.backends.db",
    ):
        assert ids(processes) == []
