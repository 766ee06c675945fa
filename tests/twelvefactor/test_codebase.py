import campus
from campus.registry import SERVICES, ServiceSpec
from campus.twelvefactor import codebase, sources


def test_the_platform_is_one_installed_codebase(ids):
    assert ids(codebase) == []


def test_a_service_that_is_not_a_package_of_the_codebase_is_an_error(ids, monkeypatch):
    stranger = ServiceSpec("billing", "entity", "Invoices from another repository", True)
    monkeypatch.setattr(codebase, "SERVICES", (*SERVICES, stranger))
    assert ids(codebase) == ["campus.12F.I.E001"]


def test_code_other_than_the_installed_build_is_an_error(ids, monkeypatch):
    monkeypatch.setattr(campus, "__version__", "9.9.9")
    assert ids(codebase) == ["campus.12F.I.E002"]


def test_a_codebase_that_is_not_installed_is_a_warning(ids, monkeypatch):
    monkeypatch.setattr(sources, "installed_version", lambda: None)
    assert ids(codebase) == ["campus.12F.I.W001"]
