"""The twelve-factor audit, run as a process of `campus up` and as the in-process runtime."""

import re
import subprocess
import sys

import pytest
from up_slots import up_slot

from campus.process.control import Up


def _audit(environ: dict[str, str], *command: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, *command, "check", "--tag", "twelvefactor"],
        env=environ,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return set(re.findall(r"\(campus\.12F\.[^)]+\)", done.stdout + done.stderr))


@pytest.fixture(scope="module")
def up(tmp_path_factory, up_slots_folder):
    log = tmp_path_factory.mktemp("up") / "up.log"
    with up_slot(up_slots_folder), Up("microservices", log_path=str(log)) as running:
        yield running


def test_the_audit_of_a_real_process_sees_postgres_and_one_service_per_process(up):
    ids = _audit(up.environ_of("catalog"), "-m", "django")
    assert "(campus.12F.IV.I001)" in ids  # a database server attached by URL
    assert "(campus.12F.VIII.I001)" in ids  # this process runs the catalog alone
    for in_process_only in ("IV.W001", "VI.W001", "VIII.W001", "III.W002", "VII.W001"):
        assert f"(campus.12F.{in_process_only})" not in ids
    assert "(campus.12F.IV.I002)" in ids  # Redis attached by REDIS_URL
    assert "(campus.12F.IX.W002)" not in ids  # no event lives only in memory


def test_the_audit_of_the_publishing_process_says_its_events_survive_a_crash(up):
    environ = up.environ_of("enrollments")
    ids = _audit(environ, "-m", "django")
    assert "(campus.12F.IX.I001)" in ids  # outbox, then a broker keeping what is not acknowledged
    assert "(campus.12F.IV.I002)" in ids
    without_redis = {k: v for k, v in environ.items() if k != "REDIS_URL"}
    ids = _audit(without_redis, "-m", "django")
    assert "(campus.12F.IV.W003)" in ids  # no broker attached: said, not hidden
    assert "(campus.12F.IX.I001)" not in ids


def test_the_audit_of_the_in_process_runtime_sees_sqlite_files_and_shared_processes(up):
    environ = {k: v for k, v in up.environ_of("catalog").items() if not k.startswith("DJANGO")}
    ids = _audit(environ, "-m", "campus.cli", "manage")
    assert "(campus.12F.IV.W001)" in ids  # SQLite files, not servers
    assert "(campus.12F.VIII.W001)" in ids  # every service in one process
    assert "(campus.12F.IV.I001)" not in ids
    assert "(campus.12F.VIII.I001)" not in ids
