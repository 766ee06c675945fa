from django.test import override_settings

from campus.twelvefactor import parity, sources


def test_every_architecture_runs_on_one_database_engine_without_debug(ids):
    assert ids(parity) == []


def test_a_mix_of_database_engines_is_a_warning(ids, monkeypatch):
    mixed = {
        "catalog": {"ENGINE": "django.db.backends.sqlite3"},
        "monolith": {"ENGINE": "django.db.backends.postgresql"},
    }
    monkeypatch.setattr(sources, "databases", lambda: mixed)
    assert ids(parity) == ["campus.12F.X.W001"]


@override_settings(DEBUG=True)
def test_debug_on_is_a_warning(ids):
    assert ids(parity) == ["campus.12F.X.W002"]
