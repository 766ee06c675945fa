"""A recording names the code it measured: it refuses a working tree with uncommitted changes,
unless told to allow them, and then says so; its own output folder does not count."""

import subprocess

import pytest

from campus.bench.provenance import DirtyTree, Provenance, about_line, git_state


@pytest.fixture
def repository(tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "code.py").write_text("x = 1\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "run.csv").write_text("a\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "first")
    return tmp_path


def test_a_clean_tree_records_its_commit_the_cores_and_the_load_before_and_after(repository):
    run = Provenance.begin("python -m campus.bench.load", repository=repository)
    about = run.end(windows=3)
    assert about["commit"] == git_state(repository)[0]
    assert not about["dirty"]
    assert about["cores"] >= 1
    assert about["windows"] == 3
    assert len(about["load_average"]["before"]) == len(about["load_average"]["after"]) == 3
    assert about["commit"] in about_line(about)


def test_uncommitted_changes_are_refused_before_anything_runs(repository):
    (repository / "code.py").write_text("x = 2\n")
    with pytest.raises(DirtyTree, match="uncommitted changes"):
        Provenance.begin("python -m campus.bench.load", repository=repository)


def test_allowed_uncommitted_changes_are_recorded_and_printed(repository):
    (repository / "code.py").write_text("x = 2\n")
    run = Provenance.begin("cmd", repository=repository, allow_dirty=True)
    about = run.end()
    assert about["dirty"] is True
    assert "UNCOMMITTED" in about_line(about)


def test_changes_in_the_recordings_folder_and_untracked_files_do_not_count(repository):
    (repository / "data" / "run.csv").write_text("b\n")
    (repository / "new.txt").write_text("untracked\n")
    run = Provenance.begin("cmd", repository=repository, out=repository / "data")
    assert run.end()["dirty"] is False


def test_a_tree_changed_during_the_run_is_refused_at_its_end(repository):
    run = Provenance.begin("cmd", repository=repository)
    (repository / "code.py").write_text("x = 3\n")
    with pytest.raises(DirtyTree, match="changed during the run"):
        run.end()
