"""A value the command line or the environment cannot use stops a command with one line that
names it, and exit status 2: never a traceback, and nothing started."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

CAMPUS = str(Path(sys.executable).with_name("campus"))


def _refused(args: list[str], **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CAMPUS, *args],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CAMPUS_HTTP_TIMEOUT", "abc"),
        ("CAMPUS_HTTP_TIMEOUT", "nan"),
        ("CAMPUS_HTTP_RETRIES", "1.5"),
        ("CAMPUS_LOG_STREAM", "file"),
        ("CAMPUS_LOG_LEVEL", "bogus"),
        ("CAMPUS_CATALOG_URL", "nonsense"),
        ("CAMPUS_DASHBOARD_READ_MODEL", "maybe"),
    ],
)
def test_a_bad_variable_stops_serve_with_one_line_naming_it(variable, value):
    done = _refused(["serve"], **{variable: value})
    assert (done.returncode, done.stdout) == (2, "")
    assert (done.stderr.count("\n"), variable in done.stderr) == (1, True), done.stderr


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
    done = _refused(["up"], **{variable: value})
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"campus up: {variable}={value!r} "), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr


@pytest.mark.parametrize("url", ["nonsense", "http://127.0.0.1/", "redis://[::1"])
def test_a_redis_url_that_is_not_one_stops_the_relay_with_one_line(url):
    done = _refused(["relay", "enrollments"], REDIS_URL=url)
    assert done.returncode == 2
    assert (done.stderr.count("\n"), "REDIS_URL" in done.stderr) == (1, True), done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["up", "--workers", "0"],
        ["up", "--workers", "-1"],
        ["up", "--scale", "catalog=0"],
        ["up", "--scale", "nobody=2"],
        ["up", "--scale", "catalog"],
        ["consume", "credentials", "--visibility-timeout", "nan"],
        ["consume", "credentials", "--visibility-timeout", "-1"],
        ["consume", "credentials", "--max-attempts", "0"],
        ["consume", "credentials", "--visibility-timeout", "1e300"],
        ["up", "--workers", "100000"],
        ["serve", "--port", "abc"],
    ],
)
def test_an_argument_out_of_range_is_refused_by_the_parser(args):
    done = _refused(args)
    assert done.returncode == 2
    assert ("Traceback" in done.stderr, "error: argument" in done.stderr) == (False, True)


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
    done = _refused(args, CAMPUS_DATA_DIR=folder, REDIS_URL="redis://127.0.0.1:1/0")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1, done.stderr
    assert "CAMPUS_DATA_DIR" in done.stderr, done.stderr
    assert words in done.stderr, done.stderr


def test_manage_refuses_a_data_folder_that_does_not_exist_and_creates_none(tmp_path):
    missing = tmp_path / "not-here" / "deeper"
    done = _refused(
        ["manage", "--service", "catalog", "showmigrations"], CAMPUS_DATA_DIR=str(missing)
    )
    assert done.returncode == 2
    assert "is not a folder" in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert not (tmp_path / "not-here").exists()


def test_up_refuses_a_data_dir_that_is_a_file_before_starting_anything(tmp_path):
    a_file = tmp_path / "cluster"
    a_file.write_text("not a folder")
    done = _refused(["up", "--data-dir", str(a_file)])
    assert done.returncode == 2
    assert done.stderr.strip().endswith(f"--data-dir {a_file} is not a folder"), done.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="setpriv is what runs PostgreSQL as root only")
def test_up_without_setpriv_says_so_in_one_line_and_leaves_no_folder():
    done = _refused(["up"], PATH=str(Path(sys.executable).parent))  # no /usr/bin: no setpriv
    assert done.returncode == 2
    last = done.stderr.splitlines()[-1]
    assert "setpriv is missing" in last, done.stderr
    folder = last.split("could start in ")[1].split(":")[0]  # the folder it made, and removed
    assert folder.startswith(("/dev/shm/campus-pg-", "/tmp/campus-pg-"))
    assert not Path(folder).exists()
