"""``campus up`` refuses what it cannot use before it starts anything."""

import os
import sys
from pathlib import Path

import pytest

from .command import campus_refused


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CAMPUS_DASHBOARD_READ_MODEL", ""),
        ("CAMPUS_DEADLINE", "soon"),
        ("CAMPUS_HTTP_BREAKER", "2"),
        ("CAMPUS_LOG_STREAM", "file"),
    ],
)
def test_a_bad_variable_stops_up_with_one_line_before_anything_starts(variable, value):
    done = campus_refused(["up"], **{variable: value})
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"campus up: {variable}={value!r} "), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr


def test_a_scale_that_does_not_fit_the_architecture_is_refused_in_one_line_before_any_start():
    done = campus_refused(["up", "--arch", "monolith", "--scale", "catalog=4"])
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("campus up: error: argument --scale: 'catalog' is not one of")
    assert done.stderr.count("\n") == 1, done.stderr


def test_up_refuses_a_data_dir_that_is_a_file_before_starting_anything(tmp_path):
    a_file = tmp_path / "cluster"
    a_file.write_text("not a folder")
    done = campus_refused(["up", "--data-dir", str(a_file)])
    assert done.returncode == 2
    assert done.stderr.strip().endswith(f"--data-dir {a_file} is not a folder"), done.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="setpriv is what runs PostgreSQL as root only")
def test_up_without_setpriv_says_so_in_one_line_and_leaves_no_folder():
    done = campus_refused(["up"], PATH=str(Path(sys.executable).parent))  # no /usr/bin: no setpriv
    assert done.returncode == 2
    last = done.stderr.splitlines()[-1]
    assert "setpriv is missing" in last, done.stderr
    folder = last.split("could start in ")[1].split(":")[0]  # the folder it made, and removed
    assert folder.startswith(("/dev/shm/campus-pg-", "/tmp/campus-pg-"))
    assert not Path(folder).exists()
