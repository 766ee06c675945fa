"""A value the environment cannot use stops any ``campus`` command with one line that names it,
and exit status 2: never a traceback, and nothing started."""

import pytest

from .command import campus_refused


@pytest.mark.parametrize(
    ("args", "folder", "words"),
    [
        (["serve"], "/etc/passwd", "is not a folder"),
        (["serve"], "/etc/passwd/below", "Not a directory"),
        (["relay", "enrollments"], "/etc/passwd", "no enrollments database"),
        (["consume", "credentials"], "/nonexistent-campus-folder", "no credentials database"),
        (["manage", "--service", "catalog", "showmigrations"], "/etc/passwd", "is not a folder"),
    ],
)
def test_a_data_folder_that_cannot_be_one_stops_the_command_with_one_line(args, folder, words):
    done = campus_refused(args, CAMPUS_DATA_DIR=folder, REDIS_URL="redis://127.0.0.1:1/0")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1, done.stderr
    assert "CAMPUS_DATA_DIR" in done.stderr, done.stderr
    assert words in done.stderr, done.stderr
