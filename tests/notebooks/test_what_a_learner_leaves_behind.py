"""Whatever a learner does with the notebooks leaves the build and the tests as they were.

Each test works in a throwaway git clone of this repository, where a learner executes a notebook
with ``jupyter nbconvert`` (which writes an executed copy beside it) and saves the original with
its outputs, as JupyterLab's autosave does. The clone holds what git would commit here: the files
as they are now, the uncommitted ones too, with the notebooks through the project's clean filter,
so outputs a learner saved in this working copy stay in it, as they would stay out of a commit.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_notebooks import notebooks_named  # talk/_ext, put on sys.path by the root conftest.py

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NOTEBOOK = "notebooks/03-solid.ipynb"
EXECUTED_COPY = "notebooks/03-solid.nbconvert.ipynb"
COMMITTED_CLEAN = "tests/notebooks/test_committed_without_outputs.py"
GIT_USER = ["-c", "user.name=learner", "-c", "user.email=learner@example.invalid"]

# The documents Sphinx reads, with conf.py's own include and exclude patterns.
SPHINX_DOCUMENTS = """
import json, sys
from sphinx.config import Config
from sphinx.project import Project
from sphinx.util.tags import Tags
config = Config.read(sys.argv[1], overrides={}, tags=Tags())
project = Project(sys.argv[1], [".md", ".ipynb"])
print(json.dumps(sorted(project.discover(config.exclude_patterns, config.include_patterns))))
"""


def _run(*command, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A git repository holding what git would commit of this one, and a notebook a learner has
    executed. No filter is wired in it: each test that wants one wires it."""
    copy = tmp_path_factory.mktemp("learner") / "repository"
    listed = _run("git", "ls-files", "-z", "-co", "--exclude-standard", cwd=ROOT).stdout
    for relative in filter(None, listed.split("\0")):
        if (ROOT / relative).is_file():
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / relative, copy / relative)
    _run("git", "init", "-q", cwd=copy)
    # Committed through the filter `make venv` wires, as `git add` here would store them; then
    # the working notebooks are checked out as committed, and the filter unwired.
    _run("bash", ".ci/notebook-filter", str(BIN / "nbstripout"), cwd=copy)
    _run("git", "add", "-A", cwd=copy)
    _run("git", *GIT_USER, "commit", "-q", "-m", "as cloned", cwd=copy)
    notebooks = _run("git", "ls-files", "-z", "*.ipynb", cwd=copy).stdout
    for relative in filter(None, notebooks.split("\0")):
        (copy / relative).unlink()
    _run("git", "checkout", "-q", "--", ".", cwd=copy)
    _run("git", "config", "--remove-section", "filter.nbstripout", cwd=copy)
    _run(BIN / "jupyter", "nbconvert", "--to", "notebook", "--execute", NOTEBOOK, cwd=copy)
    return copy


@pytest.fixture
def saved_with_outputs(clone):
    """The learner saves the notebook with its outputs; put back as committed afterwards."""
    shutil.copy(clone / EXECUTED_COPY, clone / NOTEBOOK)
    yield clone
    _run("git", "reset", "-q", "--hard", cwd=clone)


def _code_outputs(text: str) -> int:
    return sum(len(cell.get("outputs", ())) for cell in json.loads(text)["cells"])


def _committed_clean_test(clone: Path) -> subprocess.CompletedProcess:
    return _run(
        BIN / "pytest", COMMITTED_CLEAN, "-q", "-p", "no:cacheprovider", "-o", "addopts=",
        cwd=clone, check=False,
    )  # fmt: skip


def test_nbconvert_writes_an_executed_copy_that_git_ignores(clone):
    assert _code_outputs((clone / EXECUTED_COPY).read_text()) > 0  # it really ran
    untracked = _run("git", "status", "--porcelain", "--untracked-files=all", cwd=clone).stdout
    assert EXECUTED_COPY not in untracked


def test_the_site_reads_exactly_the_notebooks_its_pages_name_not_the_executed_copy(clone):
    found = json.loads(_run(sys.executable, "-c", SPHINX_DOCUMENTS, str(clone), cwd=clone).stdout)
    notebooks = [name for name in found if name.startswith("notebooks/")]
    named = notebooks_named(clone)
    assert notebooks == sorted(name.removesuffix(".ipynb") for name in named)
    committed = _run("git", "ls-files", "notebooks/*.ipynb", cwd=clone).stdout.split()
    assert named == sorted(committed)
    assert EXECUTED_COPY not in committed


def test_pytest_collects_only_the_published_notebooks_and_prints_no_advert(clone):
    collected = _run(
        BIN / "pytest", "--nbmake", "notebooks", "--collect-only", "-q", "-p", "no:cacheprovider",
        cwd=clone,
    ).stdout
    notebooks = sorted(line.partition("::")[0] for line in collected.splitlines() if "::" in line)
    assert notebooks == notebooks_named(clone)
    assert "nbconvert" not in collected
    assert "Learn more about nbmake" not in collected  # the plugin's advert, silenced


def test_outputs_saved_in_the_working_file_do_not_fail_the_committed_clean_test(
    saved_with_outputs,
):
    assert _code_outputs((saved_with_outputs / NOTEBOOK).read_text()) > 0
    done = _committed_clean_test(saved_with_outputs)
    assert done.returncode == 0, done.stdout


def test_a_notebook_committed_with_outputs_fails_the_committed_clean_test(saved_with_outputs):
    # No filter is wired in this clone: `git add` stores the outputs, as a careless commit would.
    _run("git", "add", NOTEBOOK, cwd=saved_with_outputs)
    done = _committed_clean_test(saved_with_outputs)
    assert done.returncode == 1
    assert "cells with outputs or execution counts" in done.stdout


def test_with_the_make_filter_wired_git_add_stores_the_notebook_without_outputs(
    saved_with_outputs,
):
    _run("bash", ".ci/notebook-filter", str(BIN / "nbstripout"), cwd=saved_with_outputs)
    _run("git", "add", NOTEBOOK, cwd=saved_with_outputs)
    staged = _run("git", "diff", "--cached", "--stat", cwd=saved_with_outputs).stdout
    assert staged == ""  # the cleaned notebook is byte for byte the committed one
    assert _committed_clean_test(saved_with_outputs).returncode == 0
