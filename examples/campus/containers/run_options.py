"""One compose service as ``podman run`` options, named the way compose names things.

>>> options = run_options("redis", {"image": "redis:7"}, project="campus", folder=Path("."))
>>> options[2], options[-3:]
('campus-redis-1', ['--network-alias', 'redis', 'redis:7'])
"""

import shlex
from pathlib import Path

__all__ = ["LABEL", "aliases", "container_name", "run_options"]

LABEL = "com.docker.compose.project"


def container_name(project: str, service: str) -> str:
    return f"{project}-{service}-1"


def aliases(name: str, service: dict) -> list[str]:
    """The names compose service ``name`` answers to on the project's network: its own, then
    the aliases it gives itself there (the only network this reads: ``default``).

    >>> aliases("catalog-pod", {"networks": {"default": {"aliases": ["catalog"]}}})
    ['catalog-pod', 'catalog']
    """
    networks = service.get("networks", {})
    if set(networks) - {"default"}:
        raise ValueError(f"compose service {name}: only the default network is supported here")
    return [name, *((networks.get("default") or {}).get("aliases", []))]


def run_options(name: str, service: dict, *, project: str, folder: Path) -> list[str]:
    """``podman run`` options, image and command for compose service ``name``: on the project's
    network under its own name and aliases (or in another service's network namespace), volumes
    named or bound from ``folder``, its restart policy and stop signal."""
    args = ["--detach", "--name", container_name(project, name), "--label", f"{LABEL}={project}"]
    mode = service.get("network_mode")
    if mode:  # service:NAME, compose's form of podman's container:NAME
        args += ["--network", "container:" + container_name(project, mode.removeprefix("service:"))]
    else:
        args += ["--network", f"{project}_default", "--network-alias", name]
        for alias in aliases(name, service)[1:]:
            args += ["--network-alias", alias]
    for key, value in service.get("environment", {}).items():
        args += ["--env", f"{key}={value}"]
    args += [f"--publish={p}" for p in service.get("ports", [])]
    for volume in service.get("volumes", []):
        source, rest = volume.split(":", 1)
        if source.startswith((".", "/")):
            source = str((folder / source).resolve())
        else:
            source = f"{project}_{source}"
        args += ["--volume", f"{source}:{rest}"]
    if "restart" in service:
        args += ["--restart", service["restart"]]
    if "stop_signal" in service:
        args += ["--stop-signal", service["stop_signal"]]
    command = service.get("command", [])
    command = shlex.split(command) if isinstance(command, str) else command
    return [*args, service["image"], *command]
