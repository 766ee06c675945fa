"""The notebooks a build lacks outputs for run two at a time before Sphinx reads them
(talk/_ext/notebook_prerun.py); one that starts `campus up` runs alone; one that fails still
fails the build, as myst-nb reports it."""

import re

from notebook_prerun import batches, starts_campus_up  # talk/_ext, on sys.path (conftest.py)
from notebook_project import build, notebook_write, progress_lines, project_write


def test_notebooks_that_start_campus_up_run_each_alone_after_the_others(tmp_path):
    shared = notebook_write(tmp_path / "a.ipynb", "1")
    up = notebook_write(tmp_path / "up.ipynb", "1", up=True)
    other = notebook_write(tmp_path / "b.ipynb", "1")
    assert starts_campus_up(up)
    assert not starts_campus_up(shared)
    assert batches([shared, up, other], alone=starts_campus_up) == [[shared, other], [up]]
    assert batches([up], alone=starts_campus_up) == [[up]]


def test_both_notebooks_run_before_the_reading_and_their_outputs_reach_the_pages(tmp_path):
    source = project_write(tmp_path, {"first": "print(6 * 7)", "second": "print(6 * 8)"})
    done = build(source, tmp_path / "html")
    assert done.returncode == 0, done.stderr
    said = [line.split(": ", 1)[1].split(" in ")[0] for line in progress_lines(done.stderr)]
    assert said == ["executing", "executing", "executed", "executed"]
    assert "42" in (tmp_path / "html" / "first.html").read_text()
    assert "48" in (tmp_path / "html" / "second.html").read_text()
    again = build(source, tmp_path / "again")  # a fresh build, the cache kept: nothing runs
    assert [line.rsplit(": ", 1)[1].split(" in ")[0] for line in progress_lines(again.stderr)] == [
        "cached outputs read"
    ] * 2


def test_a_notebook_that_fails_is_not_cached_and_fails_the_build(tmp_path):
    source = project_write(tmp_path, {"broken": "raise RuntimeError('no database')"})
    done = build(source, tmp_path / "html")
    assert done.returncode != 0
    # Said as it ran, before the reading, with the kind of error.
    assert re.search(r": failed after \d+\.\d s: CellExecutionError$", done.stderr, re.M)
    assert "Executing notebook failed" in done.stderr  # myst-nb ran it again and said so
