"""V. Build, release, run: strictly separate build and run stages.

A schema change belongs to the build: a model edited without its migration would need
``makemigrations`` on a running deploy, where nobody reviews it. And the release that runs must be
the build of this code: when pyproject.toml declares a version or runtime dependencies that the
installed metadata does not, the deploy runs an older build than the source says.
"""

from django.apps import apps
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
from django.db.migrations.state import ProjectState

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "check", "unmigrated_changes"]

FACTOR = factor_get("V")


def check(app_configs=None, **kwargs):
    return [*_unmigrated_models(), *_stale_build()]


def unmigrated_changes() -> dict[str, list[str]]:
    """App label -> descriptions of the model changes no migration holds yet.

    What ``makemigrations --check`` computes, without a database: the migration files' state
    against the models' state.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    detector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps=None, dry_run=True),
    )
    changes = detector.changes(graph=loader.graph)
    return {
        label: [op.describe() for migration in migrations for op in migration.operations]
        for label, migrations in changes.items()
    }


def _unmigrated_models():
    return [
        FACTOR.message(
            "E001",
            f"The models of {label} differ from its migrations: {'; '.join(changes)}.",
            hint=f"Run: campus manage makemigrations {label}, review it and commit it.",
            obj=label,
        )
        for label, changes in sorted(unmigrated_changes().items())
    ]


def _stale_build():
    source = sources.pyproject()
    if source is None:
        return []  # installed from a wheel: the metadata is the only record there is
    project = source["project"]
    declared = {sources.distribution_name(line) for line in project.get("dependencies", [])}
    installed = {r.name for r in sources.installed_requirements() if r.extra is None}
    differences = []
    if project.get("version") != sources.installed_version():
        differences.append(
            f"version {project.get('version')} in pyproject.toml, "
            f"{sources.installed_version()} installed"
        )
    if declared - installed:
        differences.append(f"not installed: {', '.join(sorted(declared - installed))}")
    if installed - declared:
        differences.append(f"no longer declared: {', '.join(sorted(installed - declared))}")
    if not differences:
        return []
    return [
        FACTOR.message(
            "W001",
            f"The installed build of campus is not the build of this source: "
            f"{'; '.join(differences)}.",
            hint="Rebuild: pip install -e . (make venv does it when pyproject.toml changes).",
            obj="pyproject.toml",
        )
    ]
