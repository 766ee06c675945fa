"""What ``campus manage`` cannot do it refuses in one line on stderr, with exit status 2."""

import pytest

from .command import campus_plain, campus_refused

OPEN_COURSE = "course-v1:CampusX+PY101+2026"


def _refusal(*args: str, one_line: bool = True, **environ) -> str:
    """The refusal line of a command that must exit 2 without a traceback."""
    process = campus_plain(*args, **environ)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, stderr
    assert "Traceback" not in stderr + stdout
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 or not one_line, stderr
    return lines[-1]


def test_manage_with_no_database_to_act_on_fails_in_one_line_naming_campus_data_dir():
    line = _refusal("manage", "--service", "catalog", "course_enrollment", "close", OPEN_COURSE)
    assert line.startswith("campus manage: no catalog database to act on")
    assert "CAMPUS_DATA_DIR" in line


def test_manage_on_a_data_folder_with_no_tables_says_what_to_start(tmp_path):
    line = _refusal(
        "manage", "--service", "catalog", "course_enrollment", "close", OPEN_COURSE,
        CAMPUS_DATA_DIR=str(tmp_path),
    )  # fmt: skip
    assert f"the catalog database in {tmp_path} has no tables" in line
    assert "campus serve" in line


def test_manage_a_database_command_without_a_service_says_to_name_one():
    line = _refusal("manage", "showmigrations", one_line=False)  # after the system checks
    assert "--service catalog or enrollments or credentials" in line


@pytest.mark.parametrize("service", [[], ["--service", "catalog"]], ids=["alone", "as-catalog"])
def test_manage_runserver_is_refused_pointing_to_campus_serve(service):
    line = _refusal("manage", *service, "runserver")
    assert "campus serve" in line


def test_manage_refuses_a_data_folder_that_does_not_exist_and_creates_none(tmp_path):
    missing = tmp_path / "not-here" / "deeper"
    done = campus_refused(
        ["manage", "--service", "catalog", "showmigrations"], CAMPUS_DATA_DIR=str(missing)
    )
    assert done.returncode == 2
    assert "is not a folder" in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert not (tmp_path / "not-here").exists()
