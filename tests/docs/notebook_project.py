"""A throwaway Sphinx project of notebooks, built as `make docs` builds (``-W -q``), for the
tests of the notebook extensions (talk/_ext/notebook_progress.py, notebook_prerun.py)."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat

EXTENSIONS = str(Path(__file__).resolve().parents[2] / "talk" / "_ext")


def notebook_write(path: Path, code: str, *, up: bool = False) -> Path:
    """A notebook of a heading and one code cell; ``up``: its metadata says it starts campus up."""
    notebook = nbformat.v4.new_notebook()
    heading = nbformat.v4.new_markdown_cell(f"# {path.stem}")
    notebook.cells = [heading, nbformat.v4.new_code_cell(code)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    if up:
        notebook.metadata["campus"] = {"starts_campus_up": True}
    nbformat.write(notebook, path)
    return path


def project_write(tmp_path: Path, notebooks: dict[str, str]) -> Path:
    """A project whose index lists ``notebooks`` (name: code), executed through the cache."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["myst_nb", "notebook_progress"]\n'
        'nb_execution_mode = "cache"\n'
        f'nb_execution_cache_path = "{tmp_path / "cache"}"\n'
        'exclude_patterns = ["_build"]\n'
    )
    toctree = "\n".join(notebooks)
    (source / "index.md").write_text(f"# Home\n\n```{{toctree}}\n{toctree}\n```\n")
    for name, code in notebooks.items():
        notebook_write(source / f"{name}.ipynb", code)
    return source


def progress_lines(stderr: str) -> list[str]:
    """The lines of a build's ``stderr`` that the progress extension wrote. A kernel shares the
    build's stderr and may write there too (ipykernel warns when its parent has exited first);
    the extension's lines are those that start "notebook "."""
    return [line for line in stderr.splitlines() if line.startswith("notebook ")]


def build(source: Path, out: Path) -> subprocess.CompletedProcess:
    """Build ``source`` into ``out`` as ``make docs`` does; what it printed, and its exit code."""
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([EXTENSIONS, *sys.path])}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", source, out]
    return subprocess.run(command, env=environ, capture_output=True, text=True)
