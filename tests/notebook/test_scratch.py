"""Scratch files and folders last while Python runs and are gone once it exits."""

import subprocess
import sys
from pathlib import Path

MADE = """
from campus.notebook.scratch import scratch_file, scratch_folder
folder = scratch_folder("campus-scratch-test-")
(folder / "inside.txt").write_text("kept until exit")
print(folder)
print(scratch_file("campus-scratch-test-", ".log"))
"""


def test_what_a_notebook_made_is_there_while_it_runs_and_removed_when_it_exits():
    run = subprocess.run([sys.executable, "-c", MADE], capture_output=True, text=True, check=True)
    folder, file = map(Path, run.stdout.split())
    assert (folder.name[:20], file.suffix) == ("campus-scratch-test-", ".log")
    assert (folder.exists(), file.exists()) == (False, False)


def test_a_scratch_file_and_folder_exist_and_are_empty_when_made():
    from campus.notebook.scratch import scratch_file, scratch_folder

    assert scratch_file("campus-scratch-test-").read_text() == ""
    assert list(scratch_folder("campus-scratch-test-").iterdir()) == []
