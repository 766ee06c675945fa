"""`make docs` says which notebook it executes and how long each took, as it goes
(talk/_ext/notebook_progress.py), whatever Sphinx's verbosity."""

import re

from notebook_progress import progress_line  # talk/_ext, put on sys.path by the root conftest.py
from notebook_project import build, progress_lines, project_write

DONE = r"(?:executed|cached outputs read) in \d+\.\d s"
LINE = re.compile(rf"^notebook (\d+)/(\d+) (\S+\.ipynb): (executing|{DONE})$")


def _build(source, out) -> list[str]:
    """The progress lines a build of ``source`` printed on stderr; it must succeed."""
    done = build(source, out)
    assert done.returncode == 0, done.stderr
    lines = progress_lines(done.stderr)
    assert all(LINE.match(line) for line in lines), done.stderr
    return lines


def _project(tmp_path):
    return project_write(tmp_path, {"run": "1 + 1"})


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
