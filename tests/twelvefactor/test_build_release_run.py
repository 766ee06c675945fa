import pytest
from django.apps import apps
from django.db import models

from campus.twelvefactor import build_release_run, sources


@pytest.fixture
def model_without_migration():
    """A model added to an installed app with no migration for it, removed afterwards."""

    class Probe(models.Model):
        class Meta:
            app_label = "catalog"  # an app with migrations: makemigrations would act

        def __str__(self):
            return "probe"

    yield Probe
    del apps.all_models["catalog"]["probe"]
    apps.clear_cache()


def _pyproject(**project):
    installed = [r.name for r in sources.installed_requirements() if r.extra is None]
    return {
        "project": {"version": sources.installed_version(), "dependencies": installed, **project}
    }


def test_every_model_of_the_platform_is_in_its_migrations():
    assert build_release_run.unmigrated_changes() == {}


def test_the_running_build_is_the_build_of_the_source(ids, monkeypatch):
    monkeypatch.setattr(sources, "pyproject", _pyproject)
    assert ids(build_release_run) == []


@pytest.mark.usefixtures("model_without_migration")
def test_a_model_change_without_its_migration_is_an_error(ids, monkeypatch):
    monkeypatch.setattr(sources, "pyproject", _pyproject)
    assert ids(build_release_run) == ["campus.12F.V.E001"]


def test_a_source_that_declares_more_than_was_installed_is_a_warning(monkeypatch):
    declared = [*_pyproject()["project"]["dependencies"], "httpx>=0.27"]
    monkeypatch.setattr(sources, "pyproject", lambda: _pyproject(dependencies=declared))
    [message] = build_release_run.check()
    assert message.id == "campus.12F.V.W001"
    assert "not installed: httpx" in message.msg


def test_a_version_bump_not_yet_installed_is_a_warning(ids, monkeypatch):
    monkeypatch.setattr(sources, "pyproject", lambda: _pyproject(version="99.0"))
    assert ids(build_release_run) == ["campus.12F.V.W001"]


def test_an_install_from_a_wheel_has_only_its_metadata_to_go_by(ids, monkeypatch):
    monkeypatch.setattr(sources, "pyproject", lambda: None)
    assert ids(build_release_run) == []
