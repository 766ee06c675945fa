"""The catalogue is the one list of variables, and the configuration package the one reader of the
environment: no other module of campus reads ``os.environ`` for a variable."""

import ast
from pathlib import Path

import pytest

from campus.assembly.config import (
    CATALOGUE,
    PROCESS_TYPES,
    required_variables,
    seed_variables,
    token_variables,
    value,
    variable,
    variables_read,
)

PACKAGE = Path(__file__).resolve().parents[3] / "examples" / "campus"
CONFIG = PACKAGE / "assembly" / "config"
KINDS = {
    "text", "secret", "flag", "number", "whole number", "http url", "redis url", "database url",
    "list", "choice", "path", "json",
}  # fmt: skip
# os.environ.setdefault(...) that is process plumbing, not configuration: (module, variable).
SETDEFAULTS = {
    # Django's own: which settings module a WSGI server or the release step loads.
    ("process/wsgi.py", "DJANGO_SETTINGS_MODULE"): "Django reads it as it starts",
    ("process/release.py", "DJANGO_SETTINGS_MODULE"): "Django reads it as it starts",
    ("process/migrations_wait.py", "DJANGO_SETTINGS_MODULE"): "Django reads it as it starts",
    # Django's switch for ORM calls inside a running event loop (a notebook kernel), set for
    # this process only.
    ("embedded/settings.py", "DJANGO_ALLOW_ASYNC_UNSAFE"): "Django reads it at each ORM call",
    # The pact library's telemetry, off before it loads.
    ("contracts/__init__.py", "PACT_DO_NOT_TRACK"): "pact reads it as it loads",
    # `campus serve` is watched by a person: INFO unless the operator chose, for the settings
    # this process configures next (the catalogue's default stays WARNING).
    ("cli/serve.py", "CAMPUS_LOG_LEVEL"): "the settings read it through the catalogue",
}
# Builtins that would read every variable of a mapping they are given.
_ITERATING = {"sorted", "list", "set", "tuple", "iter", "len", "any", "all", "filter", "map"}


def _environ_reads(path: Path, root: Path = PACKAGE) -> list[str]:
    """Each place ``path`` reads the process's environment itself, as ``line: what``; copying
    it whole (``{**os.environ}``, ``dict(os.environ)``) and handing it to a reader are not
    reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    relative = path.relative_to(root).as_posix()
    reads = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            names = {a.name for a in node.names} & {"environ", "getenv", "getenvb", "environb"}
            reads += [f"{node.lineno}: from os import {n}" for n in sorted(names)]
        if not isinstance(node, ast.Attribute) or not _is_os(node.value):
            continue
        if node.attr in ("getenv", "getenvb", "environb"):
            reads.append(f"{node.lineno}: os.{node.attr}")
        elif node.attr == "environ" and not _allowed(node, parents, relative):
            reads.append(f"{node.lineno}: {ast.unparse(parents.get(node, node))}")
    return sorted(reads, key=lambda read: int(read.split(":")[0]))


def _is_os(node) -> bool:
    return isinstance(node, ast.Name) and node.id == "os"


def _allowed(node, parents, relative) -> bool:
    parent = parents.get(node)
    while isinstance(parent, ast.IfExp) and node is not parent.test:  # a or b: either mapping
        node, parent = parent, parents.get(parent)
    if isinstance(parent, ast.Dict):  # {**os.environ, ...}: a copy
        pairs = zip(parent.keys, parent.values, strict=True)
        return any(key is None and v is node for key, v in pairs)
    if isinstance(parent, ast.Call) and node in parent.args:
        name = parent.func.id if isinstance(parent.func, ast.Name) else None
        return name == "dict" or name not in _ITERATING  # a copy, or the mapping handed over
    if isinstance(parent, (ast.keyword, ast.arguments)):  # environ=os.environ: handed over
        return True
    if isinstance(parent, ast.Attribute) and parent.attr == "setdefault":
        call = parents.get(parent)
        first = call.args[0] if isinstance(call, ast.Call) and call.args else None
        return isinstance(first, ast.Constant) and (relative, first.value) in SETDEFAULTS
    return False


def test_no_module_of_campus_but_the_configuration_reads_the_environment():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if CONFIG not in path.parents:
            reads = _environ_reads(path)
            if reads:
                found[path.relative_to(PACKAGE).as_posix()] = reads
    assert found == {}


def test_the_scan_finds_each_way_of_reading_a_variable(tmp_path):
    module = tmp_path / "reader.py"
    module.write_text(
        "import os\n"
        "a = os.environ['A']\n"
        "b = os.environ.get('B')\n"
        "c = 'C' in os.environ\n"
        "d = [k for k in os.environ]\n"
        "e = os.getenv('E')\n"
        "f = sorted(os.environ)\n"
        "os.environ.setdefault('CAMPUS_LOG_LEVEL', 'INFO')\n"
        "copy = {**os.environ, 'X': '1'}\n"
        "also = dict(os.environ)\n"
        "handed = reader(os.environ)\n",
        encoding="utf-8",
    )
    lines = [int(read.split(":")[0]) for read in _environ_reads(module, tmp_path)]
    assert lines == [2, 3, 4, 5, 6, 7, 8]


def test_every_allowed_setdefault_is_still_in_its_module():
    for relative, name in SETDEFAULTS:
        text = (PACKAGE / relative).read_text(encoding="utf-8")
        assert f'os.environ.setdefault("{name}"' in text, (relative, name)


def test_every_variable_has_a_meaning_a_known_kind_and_a_reader():
    assert len({v.name for v in CATALOGUE}) == len(CATALOGUE)
    for v in CATALOGUE:
        assert v.meaning, v.name
        assert v.kind in KINDS, v.name
        assert v.read_by, v.name
        assert not (v.required_by and v.default is not None), f"{v.name}: required or default"
        assert set(v.required_by) <= set(PROCESS_TYPES), v.name


@pytest.mark.parametrize("name", [v.name for v in CATALOGUE if v.default is not None])
def test_every_default_is_a_value_its_own_reader_accepts(name):
    value({}, name)  # raises for a default the reader would refuse
    assert value({name: variable(name).default}, name) == value({}, name)


@pytest.mark.parametrize("process_type", PROCESS_TYPES)
def test_a_process_type_reads_what_it_requires_then_what_a_deploy_sets_for_all(process_type):
    required = required_variables(process_type)
    assert variables_read(process_type)[: len(required)] == required
    assert set(token_variables(process_type)) <= set(required)
    assert required[:2] == ["CAMPUS_SERVICE", "SECRET_KEY"]
    assert all(variable(n).kind == "secret" for n in seed_variables(process_type))
