from campus.embedded import servers
from campus.twelvefactor import disposability, sources


def _stop_with_grace(seconds):
    def stop(self, *, grace=seconds):
        """Stands in for LoopbackServer.stop: only its default grace is read."""

    return stop


def test_a_stop_gives_requests_in_flight_a_bounded_grace(ids):
    assert [i for i in ids(disposability) if ".E" in i or ".W001" in i] == []


def test_a_stop_without_grace_is_an_error(ids, monkeypatch):
    monkeypatch.setattr(servers.LoopbackServer, "stop", _stop_with_grace(0.0))
    assert "campus.12F.IX.E001" in ids(disposability)


def test_a_grace_longer_than_an_orchestrator_waits_is_a_warning(ids, monkeypatch):
    monkeypatch.setattr(servers.LoopbackServer, "stop", _stop_with_grace(60.0))
    assert "campus.12F.IX.W001" in ids(disposability)


def test_events_held_in_memory_are_reported_until_the_bus_is_attached(ids, monkeypatch):
    assert "campus.12F.IX.W002" in ids(disposability)
    monkeypatch.setattr(sources, "event_bus", lambda: object())
    assert ids(disposability) == []
