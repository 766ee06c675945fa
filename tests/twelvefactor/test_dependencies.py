import sys

from campus.twelvefactor import dependencies, sources
from campus.twelvefactor.sources import Requirement


def _requirements_without(name, *, extra=None):
    kept = [r for r in sources.installed_requirements() if r.name != name]
    return lambda: kept + ([Requirement(name, extra)] if extra else [])


def test_every_import_of_the_platform_is_declared_and_isolated(ids):
    assert ids(dependencies) == []


def test_an_import_no_declared_dependency_provides_is_an_error(monkeypatch):
    monkeypatch.setattr(sources, "installed_requirements", _requirements_without("requests"))
    errors = dependencies.check()
    assert [(m.id, m.obj) for m in errors] == [("campus.12F.II.E001", "requests")]


def test_an_import_declared_only_in_an_extra_is_a_warning(ids, monkeypatch):
    fake = _requirements_without("requests", extra="docs")
    monkeypatch.setattr(sources, "installed_requirements", fake)
    assert ids(dependencies) == ["campus.12F.II.W001"]


def test_running_outside_a_virtual_environment_is_a_warning(ids, monkeypatch):
    monkeypatch.setattr(sys, "base_prefix", sys.prefix)
    assert ids(dependencies) == ["campus.12F.II.W002"]


def test_imported_modules_lists_third_party_imports_only(tmp_path):
    package = tmp_path / "shop"
    package.mkdir()
    (package / "views.py").write_text(
        "import json\nfrom . import models\nfrom shop.data import Cart\n"
        "import requests.adapters\nfrom django.db import models\n"
    )
    assert dependencies.imported_modules(package) == {
        "django": "shop/views.py",
        "requests": "shop/views.py",
    }


def test_a_subpackage_only_the_tests_run_is_left_out_of_the_imports(tmp_path):
    package = tmp_path / "shop"
    (package / "contracts").mkdir(parents=True)
    (package / "views.py").write_text("import requests\n")
    (package / "contracts" / "pacts.py").write_text("import pact\n")
    assert dependencies.imported_modules(package, skip=("contracts",)) == {
        "requests": "shop/views.py"
    }
