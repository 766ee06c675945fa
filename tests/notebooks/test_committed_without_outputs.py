"""Notebooks are committed clean: the site build executes them, so outputs in git would only be
stale copies of what the build shows.

What is checked is what git would commit: the staged content (the index, after the nbstripout
clean filter that `make venv` wires). A learner's working copy, saved from JupyterLab with its
outputs, is theirs: it never fails this test, while a notebook committed with outputs does.
"""

import json
import subprocess
from pathlib import Path

import pytest
from site_notebooks import notebooks_named  # talk/_ext, put on sys.path by the root conftest.py

ROOT = Path(__file__).resolve().parents[2]

ONE_PER_SECTION_OF_THE_TALK = {
    "notebooks/01-monolith-vs-microservices.ipynb",
    "notebooks/02-anatomy.ipynb",
    "notebooks/03-solid.ipynb",
    "notebooks/04-twelve-factor.ipynb",
}
PUBLISHED = notebooks_named(ROOT)


def _staged(relative: str) -> str:
    """The content git would commit for ``relative``; the file itself outside a git clone."""
    shown = subprocess.run(
        ["git", "show", f":{relative}"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if shown.returncode == 0:
        return shown.stdout
    inside = subprocess.run(["git", "rev-parse"], cwd=ROOT, capture_output=True, check=False)
    assert inside.returncode != 0, f"{relative} is not staged: {shown.stderr}"
    return (ROOT / relative).read_text(encoding="utf-8")  # a source archive, not a clone


def test_there_is_a_published_notebook_for_each_section_of_the_talk():
    assert ONE_PER_SECTION_OF_THE_TALK - set(PUBLISHED) == set()


@pytest.mark.parametrize("notebook", PUBLISHED)
def test_a_committed_notebook_has_no_outputs_and_no_execution_counts(notebook):
    # Read as JSON rather than with nbformat: its validation warnings would be errors here.
    cells = json.loads(_staged(notebook))["cells"]
    executed = [
        number
        for number, cell in enumerate(cells, start=1)
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert executed == [], f"cells with outputs or execution counts: {executed}"


@pytest.mark.parametrize("relative", PUBLISHED)
def test_notebook_code_keeps_to_the_projects_line_length(relative):
    # ruff does not format notebooks here; 100 characters is what fits a page without scrolling.
    cells = json.loads((ROOT / relative).read_text(encoding="utf-8"))["cells"]
    long = [
        line
        for cell in cells
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if len(line) > 100
    ]
    assert long == []
