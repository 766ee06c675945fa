"""Faults a notebook or a test injects into a running in-process platform: a service down, a
relay stopped, a service slowed. The methods of `campus.embedded.Platform`.

    >>> platform.slow_down("catalog", 0.2)      # doctest: +SKIP
    >>> platform.stop_service("catalog")        # doctest: +SKIP
"""

from campus.assembly.relays import RelayThread

from .servers import LoopbackServer

__all__ = ["FaultInjection"]


class FaultInjection:
    """Mixed into `campus.embedded.Platform`, whose ``arch``, ``servers``, ``apps`` and
    ``relays`` it acts on."""

    def stop_service(self, name: str) -> None:
        """Take one server down (connections refused), keeping its port for `start_service`."""
        self._server_named(name).stop()

    def start_service(self, name: str) -> None:
        old = self._server_named(name)
        old.stop()  # a no-op after `stop_service`; a restart otherwise, as the port is taken
        self.servers[name] = LoopbackServer(name=name, port=old.port).start(self.apps[name])

    def stop_relay(self, name: str) -> None:
        """Stop the outbox relay of service ``name``: its events wait in its outbox table, as
        when a relay process has died."""
        self._relay_named(name).stop()

    def start_relay(self, name: str) -> None:
        """Start it again: it publishes everything that waited."""
        relay = self._relay_named(name)
        relay.stop()
        relay.start()

    def _relay_named(self, name: str) -> RelayThread:
        if name not in self.relays:
            raise ValueError(f"no relay named {name!r}, only {sorted(self.relays)}")
        return self.relays[name]

    def slow_down(self, name: str, seconds: float) -> None:
        """Delay every answer of ``name`` by ``seconds`` (0 to heal): an injected fault."""
        self._server_named(name)
        self.apps[name].delay_s = seconds

    def _server_named(self, name: str) -> LoopbackServer:
        if name in self.servers:
            return self.servers[name]
        message = f"{self.arch} runs no server named {name!r}, only {sorted(self.servers)}"
        if self.arch == "monolith":
            message += ": the monolith is one process, so its parts stop and slow down together"
        raise ValueError(message)
