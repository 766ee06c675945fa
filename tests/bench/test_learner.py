"""The learner's benchmark: what it runs and refuses (its figures are printed, never asserted)."""

import pytest

from campus.bench import learner
from campus.bench.learner_runs import ROOT, UP_NOTEBOOKS, notebook_starts_up, project_copy


def test_the_notebooks_given_the_longer_target_exist_and_start_campus_up():
    for name in UP_NOTEBOOKS:
        path = ROOT / "notebooks" / f"{name}.ipynb"
        assert notebook_starts_up(path)
        assert "campus up" in path.read_text()


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
