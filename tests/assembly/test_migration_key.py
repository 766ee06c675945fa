"""The key of a migrated database: what it depends on."""

import os
import subprocess
import sys

from django.test import override_settings
from migration_probe import dashboard_migrations_with_one_more

import campus.catalog.services
from campus.assembly.migration_key import migration_key, migration_sources


def test_the_key_is_the_same_for_the_same_migrations():
    assert migration_key() == migration_key()
    assert len(migration_key()) == 16


def test_the_migration_files_of_every_installed_app_count_a_librarys_too():
    # `migrate` records every app's migrations in every database, whichever tables it holds.
    sources = migration_sources()
    folders = {path.parent.parent.name for path in sources if path.parent.name == "migrations"}
    assert {"auth", "contenttypes", "oauth2_provider", "catalog", "dashboard"} <= folders


def test_the_project_code_a_data_migration_calls_counts_too():
    # catalog's 0004 writes events that the catalog's own code builds and checks.
    assert campus.catalog.services.__file__ in {str(path) for path in migration_sources()}


def test_one_more_migration_for_any_app_gives_another_key(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    package = dashboard_migrations_with_one_more(tmp_path, "dashboard_migrations_key_test")
    with override_settings(MIGRATION_MODULES={"dashboard": package}):
        changed = migration_key()
        assert "0002_probe.py" in {path.name for path in migration_sources()}
    assert changed != migration_key()


def test_a_process_without_django_configured_reads_the_same_migrations():
    # `campus up`'s supervisor runs no Django: it finds the apps' migrations by their packages.
    code = (
        "from campus.assembly.migration_key import migration_sources as s; print(*s(), sep='\\n')"
    )
    environ = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(path) for path in migration_sources()]
