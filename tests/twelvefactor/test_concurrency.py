from campus.twelvefactor import concurrency, sources

WAL = {"init_command": "PRAGMA journal_mode=WAL", "timeout": 10}


def _sqlite(**options):
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3", "OPTIONS": options}


def test_every_database_lets_concurrent_writers_queue(ids):
    assert [i for i in ids(concurrency) if ".E" in i] == []


def test_sqlite_without_wal_or_a_busy_timeout_is_an_error(monkeypatch):
    fake = {"catalog": _sqlite(), "enrollments": _sqlite(init_command="PRAGMA journal_mode=WAL")}
    monkeypatch.setattr(sources, "databases", lambda: fake)
    messages = concurrency.check()
    assert [(m.id, m.obj) for m in messages if ".E" in m.id] == [
        ("campus.12F.VIII.E001", "settings.DATABASES['catalog']"),
        ("campus.12F.VIII.E001", "settings.DATABASES['enrollments']"),
    ]


def test_services_sharing_one_process_are_reported_until_each_has_its_own(ids, monkeypatch):
    assert "campus.12F.VIII.W001" in ids(concurrency)
    monkeypatch.setattr(sources, "databases", lambda: {"catalog": _sqlite(**WAL)})
    assert ids(concurrency) == []
