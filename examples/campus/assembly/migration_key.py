"""What a migrated database depends on, as one hash: a stored template is good while it holds.

    >>> migration_key()                  # doctest: +SKIP
    '3f1c0a9e2b7d4c51'

The hash covers Django's and SQLite's versions, every migration file of every installed app, and
the source of the project's modules those files import (a data migration that writes an event
calls the catalog's own code), followed through their imports. Every app counts, not only the
apps an alias holds: `migrate` records every app's migrations in every database it runs on.
"""

import functools
import hashlib
import importlib
import re
import sqlite3
from pathlib import Path

import django
from django.apps import apps

from campus import django_base

__all__ = ["migration_key", "migration_sources"]

# An import statement, in any block: ``import a.b, c as d`` or ``from ..a import (b, c)``. Read
# with a pattern rather than parsed: parsing every file took most of a start's 0.1 s here. A
# match inside a string only adds a file to the hash, which makes the key more careful.
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)"
    r"|import[ \t]+([^\n#]*))",
    re.MULTILINE,
)

# The project's own package: its modules are followed through imports; others are pinned by
# the migration files themselves (an upgraded library ships its migrations).
_PROJECT = __name__.partition(".")[0]
_PROJECT_ROOT = Path(importlib.import_module(_PROJECT).__file__).parent


def migration_key(*, more: tuple[Path, ...] = (), versions: str = "") -> str:
    """A short hex digest that changes whenever running the migrations could give another
    database: the migrations, the code they call, Django's and SQLite's versions, and ``more``
    files and ``versions`` text that shape it (a PostgreSQL template adds the server's)."""
    return _key((*migration_sources(), *more), versions)


def migration_sources() -> list[Path]:
    """Every file the key reads: every migration file of every installed app (following
    ``MIGRATION_MODULES``, as `migrate` does), then the project's modules they import.

    Without a configured Django (`campus up`'s supervisor runs none), the apps are
    `campus.django_base.INSTALLED_APPS` and their migrations their ``migrations`` packages."""
    files = []
    for folder in _migration_folders():
        files += sorted(Path(folder).glob("*.py"))
    return [*files, *sorted(_project_imports(tuple(files)) - set(files))]


def _migration_folders() -> list[str]:
    if apps.ready:
        # Imported here: it imports Django's models, a quarter of a second of `campus up`'s
        # supervisor, which configures no Django and takes the other branch.
        from django.db.migrations.loader import MigrationLoader

        names = [MigrationLoader.migrations_module(c.label)[0] for c in apps.get_app_configs()]
    else:
        names = [f"{app}.migrations" for app in django_base.INSTALLED_APPS]
    folders = []
    for name in filter(None, names):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:  # an app without migrations
            continue
        folders += list(getattr(module, "__path__", ()))
    return folders


# Both once per process and set of files: a running process keeps the code it has read.
@functools.cache
def _key(sources: tuple[Path, ...], more_versions: str) -> str:
    versions = f"django {django.__version__}\nsqlite {sqlite3.sqlite_version}\n{more_versions}"
    digest = hashlib.sha256(versions.encode())
    for path in sources:
        digest.update(f"\n{path.parent.name}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _project_imports(files: tuple[Path, ...]) -> set[Path]:
    """The project's source files that ``files`` import, directly or through one another."""
    seen: set[Path] = set()
    waiting = list(files)
    while waiting:
        path = waiting.pop()
        for name in _imported_names(path):
            found = _project_file(name)
            if found is not None and found not in seen:
                seen.add(found)
                waiting.append(found)
    return seen


def _imported_names(path: Path) -> set[str]:
    module = _module_name(path)  # "" outside the project: its relative imports lead nowhere
    source = path.read_text()
    if not module and _PROJECT not in source:
        return set()  # a library's migration that never names the project
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for dots, base, listed, plain in _IMPORT.findall(source):
        if plain:  # import a.b, c as d
            names.update(_first_words(plain))
            continue
        if dots:  # relative: from the importing module's package
            parent = package.rsplit(".", len(dots) - 1)[0] if len(dots) > 1 else package
            base = f"{parent}.{base}" if base else parent
        names.add(base)
        names.update(f"{base}.{name}" for name in _first_words(listed))  # submodules, if any
    return names


def _first_words(listed: str) -> list[str]:
    return [part.split()[0] for part in listed.strip("()").split(",") if part.strip()]


def _project_file(name: str) -> Path | None:
    head, _, rest = name.partition(".")
    if head != _PROJECT:
        return None
    base = _PROJECT_ROOT.joinpath(*rest.split(".")) if rest else _PROJECT_ROOT
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    if not path.is_relative_to(_PROJECT_ROOT):
        return ""
    parts = path.relative_to(_PROJECT_ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((_PROJECT, *parts))
