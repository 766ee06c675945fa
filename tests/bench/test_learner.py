"""The learner's benchmark: what it runs and refuses (its figures are printed, never asserted)."""

import json
import re

import pytest

from campus.bench import learner
from campus.bench.learner_runs import ROOT, notebook_starts_up, project_copy

# What a notebook's code runs to start `campus up`: an `Up` of the real runtime, or the helpers
# that make one (`serve_launched` starts `campus serve`, not `campus up`).
STARTS_UP = re.compile(r"\b(Up|campus_up|launched)\(")


def test_a_notebook_is_marked_as_starting_campus_up_exactly_when_its_code_starts_it():
    marked = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        code = "".join(
            "".join(cell["source"])
            for cell in json.loads(path.read_text())["cells"]
            if cell["cell_type"] == "code"
        )
        assert notebook_starts_up(path) == bool(STARTS_UP.search(code)), path.name
        marked |= {path.stem} if notebook_starts_up(path) else set()
    assert marked  # the scaling and run-for-real notebooks, today


def test_a_median_of_fewer_than_three_runs_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        learner.main(["--runs", "2", "--only", "serve"])
    assert exit_.value.code == 2
    assert "fewer than three runs" in capsys.readouterr().err


def test_the_copy_has_the_sources_and_the_virtualenv_but_no_build(tmp_path):
    copy = project_copy(tmp_path)
    assert (copy / "conf.py").read_bytes() == (ROOT / "conf.py").read_bytes()
    assert (copy / ".venv").resolve() == (ROOT / ".venv").resolve()
    assert not (copy / "_build").exists()
    assert not (copy / ".git").exists()
