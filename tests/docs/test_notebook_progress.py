"""`make docs` says which notebook it executes and how long each took, as it goes
(talk/_ext/notebook_progress.py), whatever Sphinx's verbosity."""

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from notebook_progress import progress_line  # talk/_ext, put on sys.path by the root conftest.py

EXTENSIONS = str(Path(__file__).resolve().parents[2] / "talk" / "_ext")

DONE = r"(?:executed|cached outputs read) in \d+\.\d s"
LINE = re.compile(rf"^notebook (\d+)/(\d+) (\S+\.ipynb): (executing|{DONE})$")


def _build(source, out) -> list[str]:
    """Build ``source`` as ``make docs`` does (``-W -q``); the lines it printed on stderr."""
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([EXTENSIONS, *sys.path])}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", source, out]
    done = subprocess.run(command, env=environ, capture_output=True, text=True, check=True)
    return done.stderr.splitlines()


def _project(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["myst_nb", "notebook_progress"]\n'
        'nb_execution_mode = "cache"\n'
        f'nb_execution_cache_path = "{tmp_path / "cache"}"\n'
        'exclude_patterns = ["_build"]\n'
    )
    (source / "index.md").write_text("# Home\n\n```{toctree}\nrun\n```\n")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Run"), nbformat.v4.new_code_cell("1 + 1")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, source / "run.ipynb")
    return source


def test_the_line_names_the_notebook_its_place_and_what_happened():
    line = progress_line(5, 8, "notebooks/05-run-for-real.ipynb", "executed in 12.3 s")
    assert line == "notebook 5/8 notebooks/05-run-for-real.ipynb: executed in 12.3 s"
    assert LINE.match(line)


def test_a_quiet_build_says_before_and_after_executing_and_then_reads_the_cache(tmp_path):
    source = _project(tmp_path)
    first = _build(source, tmp_path / "first")
    again = _build(source, tmp_path / "again")  # a fresh build, the cache kept
    assert [LINE.match(line).group(4).split(" in ")[0] for line in first] == [
        "executing",
        "executed",
    ]
    assert [LINE.match(line).group(1, 2, 3) for line in first] == [("1", "1", "run.ipynb")] * 2
    assert [LINE.match(line).group(4).split(" in ")[0] for line in again] == ["cached outputs read"]
