"""Start and stop the whole platform inside this process, as a monolith or as microservices.

Longer than most modules: it is the in-process composition root, where every service is wired
with its servers, clients, outbox and relays; one class shows a whole start.
"""

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from django.conf import settings as django_settings
from django.db import connections
from django.urls import clear_url_caches

from campus.assembly.auth import (
    client_auth,
    client_credentials,
    identity_seed,
    monolith_verifier,
    service_verifier,
)
from campus.assembly.calls import client_build
from campus.assembly.config import PlatformConfig, otlp_configured
from campus.assembly.databases import DATA_ALIASES, MONOLITH_ALIAS, DatabaseScope
from campus.assembly.injected_work import injected_work
from campus.assembly.relays import OutboxRelays, RelayThread
from campus.assembly.service_apps import monolith_app, service_app
from campus.assembly.service_events import monolith_scope, outbox_model, service_scope
from campus.assembly.wsgi_app import ServiceApp
from campus.events import InProcessEventBus
from campus.events.outbox import OutboxRelay, TransactionalOutbox
from campus.http import ServiceClient, ServiceUnavailable, Trace
from campus.metrics import ServiceMetrics
from campus.registry import IDENTITY, SERVICES, service_get
from campus.tokens import client as token_client
from campus.tokens.client import TokenAuth
from campus.tokens.exchange import ServiceTokens

from . import settings
from .faults import FaultInjection
from .ports import local_task_relay
from .servers import LoopbackServer
from .sqlite_templates import databases_reset
from .started import running_forget, running_swap

__all__ = ["ARCHITECTURES", "Platform", "PortUnavailable", "start"]

ARCHITECTURES = ("monolith", "microservices")
logger = logging.getLogger(__name__)


class PortUnavailable(OSError):
    """A port asked for (``base_port``) could not be bound on 127.0.0.1."""


class Platform(FaultInjection):
    """The platform running on 127.0.0.1, as a context manager or with start()/stop().

        >>> with Platform("monolith") as platform:            # doctest: +SKIP
        ...     requests.get(platform.url("catalog") + "/courses").json()

    ``environ`` (default: ``os.environ``) is the configuration. A ``CAMPUS_<NAME>_URL`` in it
    overrides where that neighbour is found, as an operator would attach another instance.

    ``base_port`` (default: free ports picked by the system) makes the ports stable: the
    monolith, or the first service of `campus.registry.SERVICES`, takes ``base_port``, the next
    service ``base_port + 1``, and so on. A port already taken fails the start with
    `PortUnavailable`.
    """

    def __init__(self, arch: str = "microservices", *, environ=None, base_port: int | None = None):
        if arch not in ARCHITECTURES:
            raise ValueError(f"arch must be one of {ARCHITECTURES}, not {arch!r}")
        self.arch = arch
        self.environ = dict(os.environ if environ is None else environ)
        self.base_port = base_port
        # The bus's delivery thread closes its database connections as it stops.
        self.bus = InProcessEventBus(on_thread_exit=connections.close_all)
        self.relays: dict[str, RelayThread] = {}  # one per service that publishes events
        self.trace = Trace(
            otlp=otlp_configured(self.environ)
        )  # its own, so two platforms running side by side never mix hops
        self.metrics: dict[str, ServiceMetrics] = {}  # per app served: what its /metrics shows
        self.servers: dict[str, LoopbackServer] = {}
        self.apps: dict[str, ServiceApp] = {}
        self.config: PlatformConfig | None = None
        self._clients: list[ServiceClient] = []
        self._fan_out: ThreadPoolExecutor | None = None  # the dashboard's side-by-side calls
        self._credentials: dict[str, ServiceTokens] = {}  # a service's tokens, by caller

    @property
    def demo_password(self) -> str:
        """The password of the seeded demo accounts (`campus.identity.data`), generated per
        process."""
        return django_settings.CAMPUS_DEMO_PASSWORD

    def login(self, username: str) -> TokenAuth:
        """A ``requests`` auth that signs in as demo account ``username`` at this platform's
        identity provider (password grant) and sends its token, renewed before it expires:

            >>> ada = platform.login("ada")                                  # doctest: +SKIP
            >>> http.get(platform.url("dashboard") + "/dashboard/ada", auth=ada)  # doctest: +SKIP
        """
        identity, password = self.url(IDENTITY), self.demo_password
        return token_client.login(identity_url=identity, username=username, password=password)

    @property
    def urls(self) -> dict[str, str]:
        return {name: server.url for name, server in self.servers.items()}

    def url(self, service: str) -> str:
        """Base URL that serves ``service``: its own server, or the monolith's."""
        service_get(service)  # unknown names fail here, not with a confusing KeyError later
        return self.servers["monolith" if self.arch == "monolith" else service].url

    def start(self) -> "Platform":
        settings.configure()
        # Bad configuration fails here, before anything is stopped, bound or reset.
        self.config = PlatformConfig.from_environ(self.environ, [s.name for s in SERVICES])
        previous = running_swap(self.arch, None)
        if previous is not None:
            previous.stop()
        try:
            if self.arch == "monolith":
                self._start_monolith()
            else:
                self._start_microservices()
        except BaseException:
            self.stop()  # a failed start must not keep a port or a thread
            raise
        running_swap(self.arch, self)
        logger.info("%s started: %s", self.arch, self.urls)
        return self

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until every committed event has left its outbox and reached its consumers
        (retries and dead-letters included): what a test or a notebook cell waits for before
        looking at a consumer's effects. A consumer that publishes in turn (credentials announces
        the certificates it issues) is waited for too: the platform is drained after a round in
        which nothing was delivered. False when ``timeout`` seconds were not enough."""
        deadline = time.monotonic() + timeout
        while True:
            delivered = len(self.bus.deliveries())
            for relay in self.relays.values():
                if not relay.drain(max(deadline - time.monotonic(), 0)):
                    return False
            if not self.bus.drain(max(deadline - time.monotonic(), 0)):
                return False
            if len(self.bus.deliveries()) == delivered:
                return True

    def stop(self) -> None:
        stopping = list(self.servers)
        # Relays first: a task a relay is running calls the servers, so they stay up until it ends.
        for relay in self.relays.values():
            relay.stop()
        # Each server takes up to one poll interval to notice it must stop: side by side, the
        # platform waits for that once rather than once per service.
        stoppers = [threading.Thread(target=server.stop) for server in self.servers.values()]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        if self._fan_out is not None:
            self._fan_out.shutdown(wait=True)
            self._fan_out = None
        for client in self._clients:
            client.close()
        for credentials in self._credentials.values():
            credentials.close()
        self._credentials = {}
        self.bus.close()
        self.trace.close()
        self.servers, self.apps, self._clients, self.relays = {}, {}, [], {}
        self.metrics = {}
        # Django keeps every URLconf's resolver, and through its views the ports, clients and
        # traces of a stopped platform. Platforms still running rebuild theirs on their next call.
        clear_url_caches()
        running_forget(self.arch, self)
        if stopping:  # a second stop has nothing to report
            logger.info("%s stopped: %s", self.arch, ", ".join(stopping))

    def __enter__(self) -> "Platform":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _start_monolith(self) -> None:
        alias, scope = MONOLITH_ALIAS, monolith_scope()
        databases_reset([alias], seeds={alias: lambda: identity_seed(alias, scope)})
        telemetry = self._telemetry("monolith")
        app = monolith_app(
            bus=self.bus,
            events_for=lambda name: self._outbox(name, scope),
            verifier=monolith_verifier(),
            **telemetry,
        )
        self._serve("monolith", app)
        self._start_relays()

    def _start_microservices(self) -> None:
        identity_scope = service_scope(service_get(IDENTITY))
        seed = {IDENTITY: lambda: identity_seed(IDENTITY, identity_scope)}
        databases_reset(DATA_ALIASES, seeds=seed)
        # Bind every port first: a service's URL must be known before its callers are wired.
        # Held in `self.servers` as they are bound, so a failed start releases them too.
        for offset, spec in enumerate(SERVICES):
            self.servers[spec.name] = self._bind(spec.name, offset)
        own = {name: server.url for name, server in self.servers.items()}
        self._fan_out = ThreadPoolExecutor(max_workers=16, thread_name_prefix="campus-fan-out")
        # What the operator configured wins over the platform's own servers.
        self.config = replace(self.config, urls={**own, **self.config.urls})
        verifier = service_verifier(self.config.urls[IDENTITY])  # one JWKS cache for them all
        for spec in SERVICES:
            app = service_app(
                spec,
                bus=self.bus,
                events_for=lambda name, spec=spec: self._outbox(name, service_scope(spec)),
                client=self._client_for(spec.name),
                # The identity verifies with its own key, as the monolith does (its /metrics).
                verifier=monolith_verifier() if spec.name == IDENTITY else verifier,
                reads=self.config.dashboard_reads(fan_out=self._fan_out),
                **self._telemetry(spec.name),
            )
            self.apps[spec.name] = app
            self.servers[spec.name].start(app)
        try:  # the identity is serving: its keys are cached before any request needs them
            verifier.keys.fetch()
        except ServiceUnavailable as exc:  # an identity elsewhere (CAMPUS_IDENTITY_URL): later
            logger.warning("%s", exc)
        self._start_relays()

    def _outbox(self, name: str, scope: DatabaseScope) -> TransactionalOutbox | None:
        """The outbox service ``name`` publishes to, with a relay to the bus; None when it
        publishes nothing."""
        spec = service_get(name)
        if not spec.publishes:
            return None
        model = outbox_model(spec)
        relay = OutboxRelay(model, self.bus)
        if spec.tasks:  # the relay's thread runs them too: `campus.embedded.ports`
            relay = OutboxRelays(relay, local_task_relay(self, name))
        relay = RelayThread(relay, scope)
        self.relays[name] = relay
        return TransactionalOutbox(model, on_commit=relay.wake.set)

    def _start_relays(self) -> None:
        for relay in self.relays.values():
            relay.start()

    def _serve(self, name: str, app: ServiceApp) -> None:
        self.apps[name] = app
        self.servers[name] = self._bind(name, 0).start(app)

    def _bind(self, name: str, offset: int) -> LoopbackServer:
        port = 0 if self.base_port is None else self.base_port + offset
        try:
            return LoopbackServer(name=name, port=port)
        except OSError as exc:
            if not port:
                raise
            raise PortUnavailable(
                f"port {port} (for {name}) is not free on 127.0.0.1 ({exc.strerror}); "
                "stop what holds it or choose another base port",
            ) from exc

    def _telemetry(self, name: str) -> dict:
        metrics = self.metrics.setdefault(name, ServiceMetrics(name))
        return {
            "trace": self.trace,
            "metrics": metrics,
            "budget_s": self.config.deadline,
            "work": injected_work(self.config, name),  # None unless an experiment sets it
        }

    def _client_for(self, caller: str):
        def client(callee: str) -> ServiceClient:
            if caller not in self._credentials:
                self._credentials[caller] = client_credentials(
                    caller,
                    identity_url=self.config.urls[IDENTITY],
                    client_secret=django_settings.CAMPUS_CLIENT_SECRETS[caller],
                )
            metrics = self.metrics.setdefault(caller, ServiceMetrics(caller))
            made = client_build(
                caller,
                callee,
                config=self.config,
                trace=self.trace,
                metrics=metrics,
                auth=client_auth(self._credentials[caller], callee),
            )
            self._clients.append(made)
            return made

        return client


def start(arch: str = "microservices", **kwargs) -> Platform:
    """Start a platform (replacing one of the same architecture that is already running)."""
    return Platform(arch, **kwargs).start()
