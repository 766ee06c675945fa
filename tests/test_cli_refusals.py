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
    ],
)
def test_a_bad_variable_stops_serve_with_one_line_naming_it(variable, value):
    done = _refused(["serve"], **{variable: value})
    assert (done.returncode, done.stdout) == (2, "")
    assert (done.stderr.count("\n"), variable in done.stderr) == (1, True), done.stderr


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
    ],
)
def test_an_argument_out_of_range_is_refused_by_the_parser(args):
    done = _refused(args)
    assert done.returncode == 2
    assert ("Traceback" in done.stderr, "error: argument" in done.stderr) == (False, True)
