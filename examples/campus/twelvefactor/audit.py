"""Every factor's check, in the order of the twelve factors."""

from . import (
    admin_processes,
    backing_services,
    build_release_run,
    codebase,
    concurrency,
    config,
    dependencies,
    disposability,
    logs,
    parity,
    port_binding,
    processes,
)

__all__ = ["CHECKS", "MODULES"]

MODULES = (
    codebase,
    dependencies,
    config,
    backing_services,
    build_release_run,
    processes,
    port_binding,
    concurrency,
    disposability,
    parity,
    logs,
    admin_processes,
)
CHECKS = tuple(module.check for module in MODULES)
