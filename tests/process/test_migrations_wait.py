"""A new Pod's init container waits while its database lacks a migration of its image, and lets
the Pod start once the release has migrated it."""

import os
import subprocess
import sys

RELEASE = [sys.executable, "-m", "campus.process.release"]
WAIT = [sys.executable, "-m", "campus.process.migrations_wait"]


def _environ(url: str) -> dict:
    env = {"CAMPUS_SERVICE": "catalog", "SECRET_KEY": "test", "DATABASE_URL": url}
    env |= {
        "CAMPUS_TOKEN_ISSUER": "http://127.0.0.1:9",
        "CAMPUS_IDENTITY_URL": "http://127.0.0.1:9",
    }
    env |= {"DJANGO_SETTINGS_MODULE": "campus.process.settings", "PATH": os.environ["PATH"]}
    # This checkout's campus, not another one the interpreter may have installed.
    return env | {"PYTHONPATH": os.pathsep.join(sys.path)}


def test_it_waits_until_the_release_migrated_the_database_then_exits_0(cluster):
    [url] = cluster.databases_create(["migrations_wait"]).values()
    env = _environ(url)
    before = subprocess.run([*WAIT, "--timeout", "0"], env=env, capture_output=True, text=True)
    assert before.returncode == 1
    assert "still unapplied" in before.stderr
    assert "contenttypes.0001_initial" in before.stderr
    migrated = subprocess.run(RELEASE, env=env, capture_output=True, text=True)
    assert migrated.returncode == 0, migrated.stderr
    after = subprocess.run([*WAIT, "--timeout", "0"], env=env, capture_output=True, text=True)
    assert after.returncode == 0, after.stderr
