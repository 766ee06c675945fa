"""The ``campus`` parser: its help shows the examples, and it refuses an argument out of range
before any command runs."""

import pytest

from .command import campus_help, campus_refused


def test_campus_help_shows_the_examples():
    text = campus_help()
    assert "examples:" in text
    assert "campus manage --service catalog \\\n      course_enrollment close" in text
    assert "CAMPUS_DATA_DIR=" in text


@pytest.mark.parametrize(
    "args",
    [
        ["up", "--workers", "0"],
        ["up", "--workers", "-1"],
        ["up", "--scale", "catalog=0"],
        ["up", "--scale", "nobody=2"],
        ["up", "--scale", "catalog"],
        ["up", "--scale", "enrollments-relay=2"],
        ["up", "--scale", "enrollments-relay=none"],
        ["consume", "credentials", "--visibility-timeout", "nan"],
        ["consume", "credentials", "--visibility-timeout", "-1"],
        ["consume", "credentials", "--max-attempts", "0"],
        ["consume", "credentials", "--visibility-timeout", "1e300"],
        ["up", "--workers", "100000"],
        ["serve", "--port", "abc"],
    ],
)
def test_an_argument_out_of_range_is_refused_by_the_parser(args):
    done = campus_refused(args)
    assert done.returncode == 2
    assert ("Traceback" in done.stderr, "error: argument" in done.stderr) == (False, True)
