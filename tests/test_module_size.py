"""Modules stay small: past 200 lines, a module says why in its docstring."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "examples" / "campus"
LIMIT = 200


def test_every_module_past_200_lines_gives_its_reason_in_its_docstring():
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if text.count("\n") <= LIMIT:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if "Longer than most modules" not in docstring:
            unexplained.append(str(path.relative_to(PACKAGE)))
    assert unexplained == []
