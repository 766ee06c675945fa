"""A compose file of deploy/ run with podman commands, read from the file as it is.

    >>> run = ComposeRun(environ=environ).up()         # doctest: +SKIP
    >>> run.published()["catalog"], run.down()         # doctest: +SKIP
    ('http://127.0.0.1:8001', None)

Debian's podman-compose (1.0.3) neither waits for ``service_healthy`` nor understands
``network_mode: service:NAME``, and podman runs no health checks by itself here (they need
systemd timers). So this reads the file and starts each service with ``podman run`` once what
its ``depends_on`` asks holds, checking that itself: a healthcheck by running its test in the
container, a completion by the container's exit code. Then it polls ``/health`` through every
published 127.0.0.1 port. Names follow compose's: container ``PROJECT-SERVICE-1``, network
``PROJECT_default``, volume ``PROJECT_NAME``, all labelled with the project, so `down` finds
everything it made. A web process is reached through the service that holds its network
namespace and publishes its port (``catalog-pod``, alias ``catalog``): `published` names it
``catalog``.
"""

import time
from pathlib import Path

import requests
import yaml

from campus.waits import wait_until

from .engine import COMPOSE_FILES, podman, podman_out, say
from .interpolation import interpolated
from .run_options import LABEL, aliases, container_name, run_options

__all__ = ["LABEL", "ComposeRun", "ServiceFailed"]

# The keys this reads; a service with another fails loudly rather than run without it.
KNOWN = {"image", "build", "command", "environment", "ports", "volumes", "healthcheck"}
KNOWN |= {"depends_on", "restart", "network_mode", "networks", "stop_signal"}


class ServiceFailed(RuntimeError):
    """A container exited with an error, or a condition did not hold in time; ends with its logs."""


class ComposeRun:
    """The compose file's platform: `build`, `up`, `down`."""

    def __init__(self, path: Path = COMPOSE_FILES["microservices"], *, environ: dict[str, str]):
        self.folder = path.parent
        self.spec = interpolated(yaml.safe_load(path.read_text()), environ)
        self.project = self.spec["name"]
        self.services: dict[str, dict] = self.spec["services"]
        for name, service in self.services.items():
            if unknown := set(service) - KNOWN:
                raise ValueError(f"compose service {name}: {sorted(unknown)} not supported here")
        self.network = f"{self.project}_default"
        self._holding: set[tuple[str, str]] = set()

    def container(self, service: str) -> str:
        return container_name(self.project, service)

    def published(self) -> dict[str, str]:
        """The name each service that publishes a port is reached by (its last alias:
        ``catalog`` for ``catalog-pod``) -> ``http://127.0.0.1:PORT``, its first port."""
        urls = {}
        for name, service in self.services.items():
            if service.get("ports"):
                host, port, _inside = service["ports"][0].rsplit(":", 2)
                urls[aliases(name, service)[-1]] = f"http://{host}:{port}"
        return urls

    def build(self, *extra: str, quiet: bool = True) -> list[str]:
        """Build every image a service names with ``build:`` (once per image), ``extra`` passed
        to each ``podman build``; the images' names."""
        built = []
        for service in self.services.values():
            if "build" not in service or service["image"] in built:
                continue
            build = service["build"]
            context = (self.folder / build.get("context", ".")).resolve()
            args = [f"--build-arg={k}={v}" for k, v in build.get("args", {}).items()]
            dockerfile = str(context / build.get("dockerfile", "Dockerfile"))
            command = ["build", "-t", service["image"], "-f", dockerfile, *args, *extra]
            podman(*command, str(context), check=True, quiet=quiet)
            built.append(service["image"])
        return built

    def up(self, *, timeout: float = 300) -> "ComposeRun":
        """Start every service in the order its ``depends_on`` asks, then wait until each
        published port answers ``/health``."""
        labels = ["--label", f"{LABEL}={self.project}"]
        if podman("network", "exists", self.network).returncode:
            podman_out("network", "create", *labels, self.network)
        for volume in [f"{self.project}_{v}" for v in self.spec.get("volumes", {})]:
            if podman("volume", "exists", volume).returncode:
                podman_out("volume", "create", *labels, volume)
        pending = list(self.services)
        deadline = time.monotonic() + timeout
        while pending:
            for name in [n for n in pending if self._may_start(n)]:
                self._run(name)
                pending.remove(name)
            if pending and time.monotonic() > deadline:
                raise ServiceFailed(f"still waiting to start {pending} after {timeout:g} s")
            time.sleep(0.5 if pending else 0)
        say("every container started; waiting for readiness: polling /health through the")
        say("published 127.0.0.1 ports (podman runs no health checks here)")
        for url in self.published().values():
            wait_until(
                lambda url=url: _answers(url + "/health"),
                timeout=max(deadline - time.monotonic(), 30),
                interval=0.5,
                what=f"{url}/health to answer 200",
            )
        say(f"ready: {', '.join(self.published().values())}")
        return self

    def _may_start(self, name: str) -> bool:
        depends = self.services[name].get("depends_on", {})
        if isinstance(depends, list):
            depends = {d: {"condition": "service_started"} for d in depends}
        return all(self._holds(d, c["condition"]) for d, c in depends.items())

    def _holds(self, service: str, condition: str) -> bool:
        if (service, condition) in self._holding:
            return True
        state = self.state(service)
        if state is None:
            return False
        if condition == "service_completed_successfully":
            if state[0] == "exited" and state[1] != 0:
                raise ServiceFailed(f"{service} exited {state[1]}:\n{self.logs(service)}")
            holds = state[0] == "exited"
        elif condition == "service_healthy":
            holds = state[0] == "running" and self._healthy(service)
        else:
            holds = state[0] in ("running", "exited")
        if holds:
            self._holding.add((service, condition))
        return holds

    def _healthy(self, service: str) -> bool:
        """The service's healthcheck test, run once in its container."""
        test = self.services[service]["healthcheck"]["test"]
        kind, *command = [test] if isinstance(test, str) else test
        if kind != "CMD":
            command = ["/bin/sh", "-c", command[0] if command else kind]
        return podman("exec", self.container(service), *command).returncode == 0

    def state(self, service: str) -> tuple[str, int] | None:
        """(status, exit code) of the service's container, None if there is none."""
        done = podman(
            "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", self.container(service)
        )
        if done.returncode:
            return None
        status, code = done.stdout.split()
        return status, int(code)

    def logs(self, service: str) -> str:
        done = podman("logs", "--tail", "40", self.container(service))
        return done.stdout + done.stderr

    def _run(self, name: str) -> None:
        options = run_options(name, self.services[name], project=self.project, folder=self.folder)
        podman("run", *options, check=True)
        say(f"started {name}")

    def down(self) -> None:
        """Remove every container, network and volume labelled with this project."""
        label = f"label={LABEL}={self.project}"
        ids = podman_out("ps", "--all", "--quiet", "--filter", label).split()
        # Those that joined another's network namespace first (a web process, its sidecar).
        joined = _joined(ids)
        for group in (joined, [i for i in ids if i not in joined]):
            if group:
                podman("rm", "--force", "--time", "2", *group)
        for kind in ("network", "volume"):
            for name in podman_out(kind, "ls", "--quiet", "--filter", label).split():
                podman(kind, "rm", "--force", name)

    def leftovers(self) -> list[str]:
        """What carries this project's label still: containers, networks, volumes."""
        label = f"label={LABEL}={self.project}"
        found = []
        for kind in (("ps", "--all"), ("network", "ls"), ("volume", "ls")):
            found += podman_out(*kind, "--quiet", "--filter", label).split()
        return found


def _joined(ids: list[str]) -> list[str]:
    """The containers among ``ids`` that run in another container's network namespace."""
    modes = podman_out("inspect", "--format", "{{.HostConfig.NetworkMode}}", *ids) if ids else ""
    return [i for i, m in zip(ids, modes.splitlines(), strict=True) if m.startswith("container:")]


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
