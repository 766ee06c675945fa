"""The migrated template cluster `campus up` copies: keyed on its migrations, built once, and
never trusted over the release step, which migrates each copy."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
from django.test import override_settings
from migration_probe import dashboard_migrations_with_one_more

from campus.assembly.config import seed_variables
from campus.process.backing import release_run
from campus.process.cluster_template import template_copy, template_key
from campus.process.postgres import Cluster

NAMES = ["catalog", "identity"]


class _Lines:
    def __init__(self):
        self.lines = []

    def line(self, name, text):
        self.lines.append(f"{name} | {text}")


@pytest.fixture
def folder():
    # Under /tmp itself: as root, the postgres user must be able to enter it.
    made = Path(tempfile.mkdtemp(prefix="campus-test-pg-"))
    yield made
    shutil.rmtree(made, ignore_errors=True)


def _started(folder: Path):
    cluster = Cluster(folder)
    return cluster, cluster.start(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _tables(cluster: Cluster, database: str) -> set[str]:
    """The tables of ``database``, read as the superuser (who may enter every database)."""
    password = (cluster.folder / "superuser.password").read_text()
    dsn = {"host": "127.0.0.1", "port": cluster.port, "dbname": database}
    with psycopg.connect(**dsn, user="postgres", password=password) as connection:
        rows = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {row[0] for row in rows}


def test_a_changed_migration_gives_another_template_key(tmp_path, monkeypatch):
    before = template_key(NAMES)
    monkeypatch.syspath_prepend(str(tmp_path))
    package = dashboard_migrations_with_one_more(tmp_path, "dashboard_migrations_cluster_test")
    with override_settings(MIGRATION_MODULES={"dashboard": package}):
        assert template_key(NAMES) != before


def test_the_databases_it_holds_are_part_of_the_key():
    assert template_key(["catalog"]) != template_key(NAMES)


def test_the_template_is_built_once_and_copied_after(tmp_path, folder):
    built = []
    assert template_copy(folder / "one", NAMES, migrate=built.append, root=tmp_path)
    assert not template_copy(folder / "two", NAMES, migrate=built.append, root=tmp_path)
    assert [sorted(urls) for urls in built] == [NAMES]
    assert (folder / "two" / "data" / "PG_VERSION").is_file()


def test_the_release_applies_what_a_template_lacks(tmp_path, folder):
    # A template made without any migration stands for one made before a migration was added.
    template_copy(folder, NAMES, migrate=lambda urls: None, root=tmp_path)
    cluster, server = _started(folder)
    try:
        assert "catalog_course" not in _tables(cluster, "catalog")
        urls = cluster.databases_create(NAMES)
        seeds = {v: "a-secret" for name in NAMES for v in seed_variables(name)}
        release_run(urls, _Lines(), seeds)
        assert "catalog_course" in _tables(cluster, "catalog")
    finally:
        Cluster.stop(server)
