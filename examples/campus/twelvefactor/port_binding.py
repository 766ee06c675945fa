"""VII. Port binding: export services via port binding.

Each service is self-contained: it brings its own HTTP server (``campus serve``) and answers on a
port, with no web server injected around it. So every service in the registry must export HTTP
routes, and the servers must bind the loopback interface this project promises. The runtime picks
free ports itself, which the audit reports: a deploy cannot ask for a known port.
"""

import dataclasses
import importlib
import ipaddress

from campus.assembly.config import PlatformConfig
from campus.embedded import servers
from campus.registry import SERVICES

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "check"]

FACTOR = factor_get("VII")


def check(app_configs=None, **kwargs):
    return [*_services_without_routes(), *_bound_beyond_loopback(), *_ports_not_configurable()]


def _services_without_routes():
    return [
        FACTOR.message(
            "E001",
            f"The service {spec.name!r} exports no HTTP routes "
            f"({spec.module}.urls.build_urlpatterns), so no port can serve it.",
            hint="Give the service a urls module with build_urlpatterns(ports).",
            obj=spec.module,
        )
        for spec in SERVICES
        if not _exports_routes(spec.module)
    ]


def _exports_routes(module: str) -> bool:
    try:
        urls = importlib.import_module(f"{module}.urls")
    except ImportError:
        return False
    return callable(getattr(urls, "build_urlpatterns", None))


def _bound_beyond_loopback():
    host = servers.HOST
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if loopback:
        return []
    return [
        FACTOR.message(
            "E002",
            f"The servers bind {host}, not the loopback interface: they answer other machines.",
            hint="Bind 127.0.0.1; this platform is for this machine only.",
            obj="campus.embedded.servers.HOST",
        )
    ]


def _ports_not_configurable():
    if sources.process_service() is not None:
        return []  # a real process is gunicorn, whose --bind the deploy sets (see deploy/)
    fields = {field.name for field in dataclasses.fields(PlatformConfig)}
    if any("port" in name for name in fields):
        return []
    return [
        FACTOR.message(
            "W001",
            "Every start binds free ports the runtime picks; no variable sets a service's port "
            "(PlatformConfig reads " + ", ".join(sorted(fields)) + ").",
            hint="Read a port per service from the environment (e.g. CAMPUS_CATALOG_PORT) so "
            "a router in front of the services can be configured once.",
            obj="campus.assembly.config.PlatformConfig",
        )
    ]
