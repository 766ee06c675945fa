"""A notebook's visible cells are the lesson: the build's plumbing (gluing values for the pages,
formatting tables, silencing logs, closing connections, skipping the formatter) lives in cells
the page hides, or in campus.notebook; and every markdown cell reads the same in JupyterLab as on
the site, with no MyST role left raw."""

import json
import re
from pathlib import Path

import pytest
from site_notebooks import notebooks_named  # talk/_ext, put on sys.path by the root conftest.py

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = notebooks_named(ROOT)
PLUMBING = ("glue(", "# fmt:", "table_format(", "logging.disable(", "connections[")
HIDDEN = {"remove-cell", "remove-input"}
ROLE = re.compile(r"\{[\w:-]+\}`")


def _cells(notebook: str) -> list[dict]:
    return json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("notebook", PUBLISHED)
def test_no_visible_cell_shows_the_builds_plumbing(notebook):
    shown = [
        f"cell {number}: {word}"
        for number, cell in enumerate(_cells(notebook), start=1)
        if cell["cell_type"] == "code" and not HIDDEN & set(cell["metadata"].get("tags", []))
        for word in PLUMBING
        if word in "".join(cell["source"])
    ]
    assert shown == []


@pytest.mark.parametrize("notebook", PUBLISHED)
def test_no_markdown_cell_carries_a_raw_myst_role(notebook):
    raw = [
        f"cell {number}: {ROLE.search(''.join(cell['source']))[0]}"
        for number, cell in enumerate(_cells(notebook), start=1)
        if cell["cell_type"] == "markdown" and ROLE.search("".join(cell["source"]))
    ]
    assert raw == []


@pytest.mark.parametrize("notebook", PUBLISHED)
def test_no_teaching_cell_defines_a_function_or_a_class(notebook):
    defining = [
        number
        for number, cell in enumerate(_cells(notebook), start=1)
        if cell["cell_type"] == "code"
        and not HIDDEN & set(cell["metadata"].get("tags", []))
        and re.search(r"^(def|class|async def) ", "".join(cell["source"]), re.MULTILINE)
    ]
    assert defining == []
