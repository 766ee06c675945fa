"""``campus worker`` refuses in one line what it cannot run with: no REDIS_URL, or no identity
provider to get the token its calls to credentials need."""

from .command import campus_refused


def test_without_redis_url_the_worker_says_to_set_it():
    done = campus_refused(["worker", "enrollments"], REDIS_URL="")
    assert done.returncode == 2
    assert done.stderr == "campus worker: set REDIS_URL, e.g. redis://127.0.0.1:6379/0\n"


def test_without_the_identity_s_url_the_worker_stops_with_one_line_naming_it(tmp_path):
    (tmp_path / "enrollments.sqlite3").touch()
    done = campus_refused(
        ["worker", "enrollments"],
        REDIS_URL="redis://127.0.0.1:1/0",
        CAMPUS_DATA_DIR=str(tmp_path),
        CAMPUS_IDENTITY_URL="",
    )
    assert done.returncode == 2
    assert (done.stderr.count("\n"), "CAMPUS_IDENTITY_URL" in done.stderr) == (1, True), done.stderr
