"""A migrations package for the dashboard app made on disk, for tests that change a migration:
the dashboard's own migrations, then one of the test's."""

import shutil
from pathlib import Path

import campus.dashboard.migrations

ADDED = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_initial")]
    operations = [migrations.RunSQL("CREATE TABLE probe (id integer)", "DROP TABLE probe")]
"""


def dashboard_migrations_with_one_more(folder: Path, name: str) -> str:
    """Write package ``name`` under ``folder`` (which must be on sys.path) and return its name,
    for ``MIGRATION_MODULES``: the dashboard's migrations plus 0002, which adds table probe."""
    package = folder / name
    shutil.copytree(Path(campus.dashboard.migrations.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    (package / "0002_probe.py").write_text(ADDED)
    return name
