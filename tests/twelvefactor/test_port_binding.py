from dataclasses import dataclass

from campus.embedded import servers
from campus.registry import SERVICES, ServiceSpec
from campus.twelvefactor import port_binding


def test_every_service_exports_routes_on_loopback(ids):
    assert [i for i in ids(port_binding) if ".E" in i] == []


def test_a_service_without_routes_is_an_error(ids, monkeypatch):
    stranger = ServiceSpec("billing", "entity", "Has no urls module", True)
    monkeypatch.setattr(port_binding, "SERVICES", (*SERVICES, stranger))
    assert "campus.12F.VII.E001" in ids(port_binding)


def test_servers_bound_beyond_loopback_are_an_error(ids, monkeypatch):
    monkeypatch.setattr(servers, "HOST", "0.0.0.0")
    assert "campus.12F.VII.E002" in ids(port_binding)


def test_ports_the_environment_cannot_set_are_reported_until_the_config_has_them(ids, monkeypatch):
    assert "campus.12F.VII.W001" in ids(port_binding)

    @dataclass(frozen=True)
    class ConfigWithPorts:
        urls: dict
        ports: dict

    monkeypatch.setattr(port_binding, "PlatformConfig", ConfigWithPorts)
    assert ids(port_binding) == []
