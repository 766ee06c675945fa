"""Read the platform's own code, as it runs: the source of a function or class, the public names
of a package's modules, what a module imports, the methods of the interfaces a service owns.

    >>> from campus.enrollments import ports
    >>> protocol_methods(ports.CourseCatalog)
    ['course_get']
"""

import ast
import dataclasses
import inspect
import textwrap
import typing
from pathlib import Path
from types import ModuleType

from campus.tables import table_format

__all__ = [
    "files_show",
    "imports_of",
    "ports_show",
    "protocol_methods",
    "public_names",
    "source_show",
]


def source_show(*objects: object) -> None:
    """Print the source of each function, class or module, read from the running code, each
    followed by a blank line."""
    print("\n".join(inspect.getsource(obj) for obj in objects))


def public_names(path: Path) -> list[str]:
    """The module's ``__all__`` if it declares one, else its public classes and functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", None) == "__all__" for target in node.targets
        ):
            return list(ast.literal_eval(node.value))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")
    ]


def files_show(package: ModuleType, width: int = 76) -> list[tuple[str, list[str]]]:
    """Print each Python file of ``package`` (``__init__.py`` left out) with the public names it
    defines; return them as ``(file name, names)``."""
    folder = Path(package.__file__).parent
    found = [
        (path.name, public_names(path))
        for path in sorted(folder.glob("*.py"))
        if path.name != "__init__.py"
    ]
    print(f"{'file':<14}defines")
    print(f"{'-' * 12:<14}{'-' * 7}")
    for name, names in found:
        lines = textwrap.wrap(", ".join(names), width) or ["-"]
        print(f"{name:<14}" + ("\n" + " " * 14).join(lines))
    return found


def imports_of(module: ModuleType) -> list[str]:
    """The modules ``module`` imports from (``from X import y``), relative ones with their dots,
    sorted."""
    tree = ast.parse(inspect.getsource(module))
    return sorted(
        "." * node.level + (node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    )


def protocol_methods(protocol: type) -> list[str]:
    """The public methods an interface (a ``typing.Protocol``) declares, in order."""
    return [name for name in vars(protocol) if not name.startswith("_")]


def ports_show(**ports: type) -> list[tuple[str, str, str, str]]:
    """Print, then return, one row per interface a service depends on: for each ``consumer=``
    ports dataclass, its fields typed with a ``Protocol`` and that protocol's methods. Fields of
    other types (a thread pool, say) are not interfaces and are left out."""
    rows = []
    for consumer, dataclass in ports.items():
        hints = typing.get_type_hints(dataclass)
        for field in dataclasses.fields(dataclass):
            protocol = hints[field.name]
            if getattr(protocol, "_is_protocol", False):
                methods = ", ".join(protocol_methods(protocol))
                rows.append((consumer, field.name, protocol.__name__, methods))
    print(table_format(["consumer", "port", "protocol", "methods"], rows))
    return rows
