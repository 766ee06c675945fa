"""II. Dependencies: explicitly declare and isolate dependencies.

Every third-party module the platform's code imports must come from a distribution that campus
declares as a runtime dependency; otherwise the code works only where that package happens to be
installed. Declared in an extra (docs, test) is not enough for code that ships. And the
dependencies must be isolated from the system's: a virtual environment, not the interpreter's own
site-packages.
"""

import ast
import importlib.metadata
import sys
from functools import cache
from pathlib import Path

from . import sources
from .factors import factor_get

__all__ = ["FACTOR", "RUN_BY_TESTS_ONLY", "check", "imported_modules"]

FACTOR = factor_get("II")


def check(app_configs=None, **kwargs):
    return [*_undeclared_imports(), *_not_isolated()]


# Subpackages and modules that only the tests and the notebooks run, never a service: the consumer
# contract tests (`campus.contracts`), whose tool, pact-python, is declared with the docs and test
# extras, the charts the notebooks draw (`campus.bench.charts`, matplotlib, the docs extra), and
# the learner's benchmark, which executes the notebooks (nbclient and nbformat, the docs extra),
# the capacity model the load runs and a notebook fit (SciPy and NumPy, the load and docs
# extras), the glue of values the site's pages quote (myst-nb, the docs extra), and the podman
# runner of `make containers` (PyYAML, the test extra), a tool on the developer's machine that
# no image carries.
RUN_BY_TESTS_ONLY = (
    "contracts", "containers", "bench/charts.py", "bench/learner_runs.py", "bench/usl.py",
    "notebook/pages.py",
)  # fmt: skip


def imported_modules(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Top-level third-party module -> the first file under ``root`` importing it, leaving out
    the subpackages of ``root`` and the modules (paths from ``root``) named in ``skip``."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in skip or relative.as_posix() in skip:
            continue
        for name in _imports(path.read_bytes()):
            top = name.split(".", 1)[0]
            if top not in sys.stdlib_module_names and top not in ("__future__", root.name):
                found.setdefault(top, str(path.relative_to(root.parent)))
    return found


@cache
def _imports(source: bytes) -> tuple[str, ...]:
    # Cached on the file's bytes: a check run re-reads the tree but parses only what changed.
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return tuple(names)


def _undeclared_imports():
    requirements = sources.installed_requirements()
    runtime = {r.name for r in requirements if r.extra is None}
    extras_of: dict[str, set[str]] = {}
    for requirement in requirements:
        if requirement.extra:
            extras_of.setdefault(requirement.name, set()).add(requirement.extra)
    providers = _declared_providers({r.name for r in requirements})
    issues = []
    imported = imported_modules(sources.package_root(), skip=RUN_BY_TESTS_ONLY)
    for module, where in sorted(imported.items()):
        names = providers.get(module, set())
        if names & runtime:
            continue
        extras = sorted(set().union(*(extras_of.get(n, set()) for n in names)))
        if extras:
            issues.append(
                FACTOR.message(
                    "W001",
                    f"{where} imports {module!r}, which campus declares only in the "
                    f"{', '.join(extras)} extra.",
                    hint="Code that ships may import only [project] dependencies; move the "
                    "requirement there or the import out of the package.",
                    obj=module,
                )
            )
        else:
            issues.append(
                FACTOR.message(
                    "E001",
                    f"{where} imports {module!r}, which no declared dependency of campus provides.",
                    hint="Declare the distribution in pyproject.toml [project] dependencies.",
                    obj=module,
                )
            )
    return issues


def _declared_providers(declared: set[str]) -> dict[str, set[str]]:
    """Top-level module -> the declared distributions that install it. Only the declared ones
    are opened: a module no declared distribution provides is an error, whoever else does
    (`importlib.metadata.packages_distributions` reads all of them, half a second here)."""
    providers: dict[str, set[str]] = {}
    for name in declared:
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        for module in _top_level_modules(distribution):
            providers.setdefault(module, set()).add(name)
    return providers


def _top_level_modules(distribution: importlib.metadata.Distribution) -> set[str]:
    """What ``import`` finds of it: its top_level.txt, or else the first part of each file."""
    declared = (distribution.read_text("top_level.txt") or "").split()
    if declared:
        return set(declared)
    found = set()
    for file in distribution.files or ():
        top = file.parts[0] if len(file.parts) > 1 else file.name.removesuffix(".py")
        if "." not in top and not top.endswith("-info"):
            found.add(top)
    return found


def _not_isolated():
    if sys.prefix != sys.base_prefix:
        return []
    return [
        FACTOR.message(
            "W002",
            "campus runs on the interpreter's own site-packages, not in a virtual environment: "
            "packages nobody declared can leak in.",
            hint="Run it from a virtual environment (make venv creates .venv).",
            obj=sys.prefix,
        )
    ]
