"""Notebooks are committed clean: the site build and nbmake execute them, so outputs in git would
only be stale copies of what the build shows."""

import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ONE_PER_SECTION_OF_THE_TALK = {
    "01-monolith-vs-microservices",
    "02-anatomy",
    "03-solid",
    "04-twelve-factor",
}


def test_there_is_a_notebook_for_each_section_of_the_talk():
    committed = {path.stem for path in NOTEBOOKS.glob("*.ipynb")}
    assert ONE_PER_SECTION_OF_THE_TALK - committed == set()


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda path: path.stem)
def test_a_committed_notebook_has_no_outputs_and_no_execution_counts(notebook):
    # Read as JSON rather than with nbformat: its validation warnings would be errors here.
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    executed = [
        number
        for number, cell in enumerate(cells, start=1)
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert executed == [], f"cells with outputs or execution counts: {executed}"
