"""Migrated databases kept on disk: copied when their migrations are unchanged, made again when
a migration changed, and whole whatever else happens meanwhile."""

import logging
import os
import sqlite3
import subprocess
import sys
from contextlib import closing

from django.db import connections
from django.test import override_settings
from migration_probe import dashboard_migrations_with_one_more

from campus.assembly.migration_key import migration_key
from campus.embedded.migrated_templates import database_migrate, templates_folder

MIGRATE_DASHBOARD = """
from campus.embedded import settings
settings.configure()
from campus.embedded.migrated_templates import database_migrate
print(database_migrate("dashboard"))
"""


def _tables(alias: str) -> set[str]:
    connections[alias].close()
    with closing(sqlite3.connect(connections[alias].settings_dict["NAME"])) as database:
        return {row[0] for row in database.execute("SELECT name FROM sqlite_master")}


def _whole(template) -> bool:
    with closing(sqlite3.connect(f"{template.as_uri()}?mode=ro", uri=True)) as database:
        return database.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_first_start_migrates_and_keeps_a_template_the_next_copies_it(tmp_path):
    assert database_migrate("catalog", folder=tmp_path) is True
    (template,) = tmp_path.glob("catalog-*.sqlite3")
    assert template.name == f"catalog-{migration_key()}.sqlite3"
    assert _whole(template)
    assert database_migrate("catalog", folder=tmp_path) is False
    with closing(sqlite3.connect(connections["catalog"].settings_dict["NAME"])) as copied:
        courses = copied.execute("SELECT count(*) FROM catalog_course").fetchone()[0]
        announced = copied.execute("SELECT count(*) FROM catalog_outboxevent").fetchone()[0]
    assert courses == announced == 3  # the demo runs (0002), each announced (0004)


def test_a_changed_migration_is_applied_rather_than_an_old_template_copied(tmp_path, monkeypatch):
    assert database_migrate("dashboard", folder=tmp_path) is True
    assert "probe" not in _tables("dashboard")
    monkeypatch.syspath_prepend(str(tmp_path))
    package = dashboard_migrations_with_one_more(tmp_path, "dashboard_migrations_changed")
    with override_settings(MIGRATION_MODULES={"dashboard": package}):
        assert database_migrate("dashboard", folder=tmp_path) is True  # a new key: migrated
        assert "probe" in _tables("dashboard")
        assert database_migrate("dashboard", folder=tmp_path) is False  # its own template now
        assert "probe" in _tables("dashboard")
    assert len(list(tmp_path.glob("dashboard-*.sqlite3"))) == 2
    assert database_migrate("dashboard", folder=tmp_path) is False  # the first one, unchanged
    assert "probe" not in _tables("dashboard")


def test_a_folder_that_cannot_hold_templates_still_gives_a_migrated_database(tmp_path, caplog):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with caplog.at_level(logging.WARNING, logger="campus.embedded.migrated_templates"):
        assert database_migrate("enrollments", folder=not_a_folder / "templates") is True
    assert "enrollments_enrollment" in _tables("enrollments")
    assert "no template kept" in caplog.text


def test_templates_live_in_the_users_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert templates_folder() == tmp_path / "campus" / "sqlite-templates"


def test_two_processes_making_the_same_template_at_once_leave_one_whole_file(tmp_path):
    environ = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    started = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE_DASHBOARD],
            env={**environ, "CAMPUS_DATA_DIR": str(tmp_path / name)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    answers = [process.communicate(timeout=120)[0].strip() for process in started]
    assert [process.returncode for process in started] == [0, 0]
    assert "True" in answers  # at least one migrated; the other may have copied its template
    folder = tmp_path / "cache" / "campus" / "sqlite-templates"
    (template,) = folder.iterdir()  # no half-written file left beside it
    assert template.name.startswith("dashboard-")
    assert _whole(template)
