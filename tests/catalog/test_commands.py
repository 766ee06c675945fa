"""``course_enrollment``: an admin process that opens and closes course runs for enrollment, run
with the catalog's code and configuration, in process or as a process of its own."""

import json
import os
import signal
import subprocess
import sys

import pytest
from demo_courses import OPEN_COURSE
from django.core.management import CommandError, call_command
from django.db import connections

from campus.assembly.databases import DatabaseScope, database_scope
from campus.cli import main
from campus.tokens.client import login

# The demo accounts' password, given to the `campus serve` a test starts (its key is its own).
PASSWORD = "demo-password-for-this-test"

CLOSED = "course-v1:CampusX+ARCH301+2025"
AS_CATALOG = DatabaseScope("catalog", {"catalog": "catalog"})


@pytest.fixture
def as_catalog():
    """Run the block as the catalog service, then let the next start restore a closed file."""
    with database_scope(AS_CATALOG):
        yield
    connections["catalog"].close()


def _enroll(http, platform, course_key):
    body = {"learner": "ada", "course_key": course_key}
    return http.post(platform.url("enrollments") + "/enrollments", json=body)


@pytest.mark.usefixtures("as_catalog")
def test_closing_a_course_stops_the_running_services_from_enrolling_in_it(
    microservices, http, capsys
):
    call_command("course_enrollment", "close", OPEN_COURSE)
    assert capsys.readouterr().out == f"{OPEN_COURSE}: enrollment closed (was open)\n"
    refused = _enroll(http, microservices, OPEN_COURSE)
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "course_closed")


@pytest.mark.usefixtures("as_catalog")
def test_opening_a_closed_course_lets_learners_enroll(microservices, http, capsys):
    call_command("course_enrollment", "open", CLOSED)
    assert capsys.readouterr().out == f"{CLOSED}: enrollment open (was closed)\n"
    assert _enroll(http, microservices, CLOSED).status_code == 201


@pytest.mark.usefixtures("as_catalog")
def test_closing_twice_is_harmless_and_says_so(microservices, capsys):
    call_command("course_enrollment", "close", OPEN_COURSE)
    call_command("course_enrollment", "close", OPEN_COURSE)
    assert (
        capsys.readouterr().out.splitlines()[-1] == f"{OPEN_COURSE}: enrollment closed (was closed)"
    )


@pytest.mark.usefixtures("as_catalog", "microservices")
@pytest.mark.parametrize(
    ("course_key", "says"),
    [("course-v1:CampusX+NOPE+2026", "No course"), ("PY101", "is not a course key")],
    ids=["unknown", "malformed"],
)
def test_a_course_key_that_names_no_course_is_refused(course_key, says):
    with pytest.raises(CommandError, match=says):
        call_command("course_enrollment", "close", course_key)


@pytest.mark.usefixtures("microservices")
def test_outside_the_catalog_the_command_says_how_to_run_it():
    with pytest.raises(CommandError, match="campus manage --service catalog"):
        call_command("course_enrollment", "close", OPEN_COURSE)
    with (
        database_scope(DatabaseScope("enrollments", {"enrollments": "enrollments"})),
        pytest.raises(CommandError, match="campus manage --service catalog"),
    ):
        call_command("course_enrollment", "close", OPEN_COURSE)


def test_the_campus_cli_runs_it_as_the_catalog(microservices, http, capsys):
    try:
        assert (
            main(["manage", "--service", "catalog", "course_enrollment", "close", OPEN_COURSE]) == 0
        )
    finally:
        connections["catalog"].close()
    assert capsys.readouterr().out == f"{OPEN_COURSE}: enrollment closed (was open)\n"
    course = http.get(microservices.url("catalog") + f"/courses/{OPEN_COURSE}").json()
    assert course["enrollment_open"] is False


def test_a_separate_process_attached_to_the_same_data_changes_the_running_service(tmp_path, http):
    env = {**os.environ, "CAMPUS_DATA_DIR": str(tmp_path), "CAMPUS_DEMO_PASSWORD": PASSWORD}
    campus = [sys.executable, "-m", "campus.cli"]
    with subprocess.Popen(
        [*campus, "serve", "--arch", "microservices"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as serving:
        try:
            urls = json.loads(serving.stdout.readline())
            admin = subprocess.run(
                [
                    *campus,
                    "manage",
                    "--service",
                    "catalog",
                    "course_enrollment",
                    "close",
                    OPEN_COURSE,
                ],
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
                check=False,
            )
            staff = login(identity_url=urls["identity"], username="instructor", password=PASSWORD)
            course = http.get(urls["catalog"] + f"/courses/{OPEN_COURSE}", auth=staff).json()
        finally:
            serving.send_signal(signal.SIGTERM)
            serving.communicate(timeout=30)
    assert admin.returncode == 0, admin.stderr
    assert admin.stdout == f"{OPEN_COURSE}: enrollment closed (was open)\n"
    assert course["enrollment_open"] is False
