"""The composition root: which adapter serves each port, per architecture.

Services declare ports (``ports.py``); only this module decides what plugs into them. The monolith
plugs in-process adapters, the microservices plug HTTP adapters built on the shared client.
"""

from concurrent.futures import Executor

from campus.catalog.ports import CatalogPorts
from campus.credentials.ports import CredentialsPorts
from campus.dashboard import clients as dashboard_http
from campus.dashboard.cache import CachedCourseTitles
from campus.dashboard.ports import DashboardPorts
from campus.dashboard.read_model import read_model_ports
from campus.enrollments import clients as enrollments_http
from campus.enrollments.ports import EnrollmentsPorts
from campus.events import EventPublisher
from campus.identity.ports import IdentityPorts
from campus.monolith import adapters

__all__ = ["monolith_ports", "service_ports"]


def monolith_ports(name: str, *, events: EventPublisher | None):
    """The ports of service ``name`` inside the monolith: neighbours are Python calls.
    ``events`` is where the service publishes (its outbox), for a service that publishes."""
    build = {
        "catalog": lambda: CatalogPorts(events=events),
        "enrollments": lambda: EnrollmentsPorts(
            catalog=adapters.InProcessCourseCatalog(),
            events=events,
            grades=adapters.InProcessGradeBook(),
        ),
        "credentials": lambda: CredentialsPorts(),
        "dashboard": lambda: DashboardPorts(
            catalog=adapters.InProcessCourseTitles(),
            enrollments=adapters.InProcessEnrollmentReader(),
            credentials=adapters.InProcessCertificateReader(),
        ),
        "identity": lambda: IdentityPorts(),
    }
    return build[name]()


def service_ports(
    name: str,
    *,
    events: EventPublisher | None,
    client,
    title_ttl: float = 0.0,
    fan_out: Executor | None = None,
    read_model: bool = False,
):
    """The ports of service ``name`` as a microservice; ``client(callee)`` gives its HTTP client.
    ``title_ttl`` > 0 puts a TTL cache of that many seconds in front of the dashboard's titles;
    ``fan_out`` is the pool the dashboard asks its neighbours on, side by side; ``read_model``
    answers the dashboard from its own read model instead, asking no neighbour at all."""

    def titles():
        catalog = dashboard_http.HttpCourseCatalog(client("catalog"))
        return CachedCourseTitles(catalog, ttl=title_ttl) if title_ttl > 0 else catalog

    def dashboard_calls():
        return DashboardPorts(
            catalog=titles(),
            enrollments=dashboard_http.HttpEnrollmentReader(client("enrollments")),
            credentials=dashboard_http.HttpCertificateReader(client("credentials")),
            fan_out=fan_out,
        )

    build = {
        "catalog": lambda: CatalogPorts(events=events),
        "enrollments": lambda: EnrollmentsPorts(
            catalog=enrollments_http.HttpCourseCatalog(client("catalog")),
            events=events,
            grades=enrollments_http.HttpGradeBook(lambda: client("credentials")),
        ),
        "credentials": lambda: CredentialsPorts(),
        "dashboard": lambda: read_model_ports() if read_model else dashboard_calls(),
        "identity": lambda: IdentityPorts(),
    }
    return build[name]()
