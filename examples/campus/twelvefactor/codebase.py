"""I. Codebase: one codebase tracked in revision control, many deploys.

The monolith and the microservices are two deploys of this one package. A service the registry
names must therefore be a package of this codebase (not code fetched from elsewhere), and the
installed distribution must be the version this code says it is, or the deploy runs other code
than the one under review.
"""

import importlib.util
from pathlib import Path

import campus
from campus.registry import SERVICES

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "check"]

FACTOR = factor_get("I")


def check(app_configs=None, **kwargs):
    # Platform-wide: the audit ignores ``app_configs``, as Django's security checks do.
    return [*_services_outside_the_codebase(), *_installed_version()]


def _services_outside_the_codebase():
    root = sources.package_root()
    issues = []
    for spec in SERVICES:
        found = importlib.util.find_spec(spec.module)
        if found is not None and found.origin and Path(found.origin).resolve().is_relative_to(root):
            continue
        issues.append(
            FACTOR.message(
                "E001",
                f"The registry names the service {spec.name!r}, but {spec.module} is not a "
                "package of this codebase.",
                hint=f"Add the service under {root} or remove it from campus.registry.SERVICES; "
                "a deploy is the one codebase plus configuration.",
                obj=spec.module,
            )
        )
    return issues


def _installed_version():
    installed = sources.installed_version()
    if installed is None:
        return [
            FACTOR.message(
                "W001",
                "campus runs from a source folder that is not installed as a distribution, so "
                "nothing records which build of the codebase this deploy is.",
                hint="Install it (pip install -e . for development, a wheel for a deploy).",
                obj=sources.DISTRIBUTION,
            )
        ]
    if installed != campus.__version__:
        return [
            FACTOR.message(
                "E002",
                f"The installed distribution is campus {installed}, but the code imported is "
                f"campus {campus.__version__}.",
                hint="Reinstall from this checkout so the deploy runs the code under review.",
                obj=sources.DISTRIBUTION,
            )
        ]
    return []
