import os
import secrets
import subprocess
import sys

import pytest

from campus.assembly.config import neighbours, required_variables
from campus.process.environment import MissingVariable, settings_read
from campus.tokens.keys import private_key_generate

COMPLETE = {
    "CAMPUS_SERVICE": "enrollments",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "postgres://enrollments:pw@db:5432/enrollments",
    "CAMPUS_CATALOG_URL": "http://catalog:8000",
    "CAMPUS_CREDENTIALS_URL": "http://credentials:8000",
    "CAMPUS_TOKEN_ISSUER": "http://identity:8000",
    "CAMPUS_IDENTITY_URL": "http://identity:8000",
    "CAMPUS_ENROLLMENTS_CLIENT_SECRET": secrets.token_urlsafe(32),
}


def _without(name):
    return {k: v for k, v in COMPLETE.items() if k != name}


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY is not set"),
        ("DATABASE_URL", "DATABASE_URL is not set"),
        ("CAMPUS_CATALOG_URL", "CAMPUS_CATALOG_URL is not set"),
        ("CAMPUS_SERVICE", "CAMPUS_SERVICE='' must name the process to run"),
        ("CAMPUS_TOKEN_ISSUER", "CAMPUS_TOKEN_ISSUER is not set"),
        ("CAMPUS_IDENTITY_URL", "CAMPUS_IDENTITY_URL is not set"),
        ("CAMPUS_ENROLLMENTS_CLIENT_SECRET", "CAMPUS_ENROLLMENTS_CLIENT_SECRET is not set"),
    ],
)
def test_a_process_refuses_to_start_naming_the_missing_variable(missing, message):
    with pytest.raises(MissingVariable, match=message):
        settings_read(_without(missing))


def test_a_complete_environment_gives_a_postgres_database_and_debug_off():
    read = settings_read(COMPLETE)
    # Django's PostgreSQL backend, every wait bounded (campus.process.deadline_backend).
    assert read["database"]["ENGINE"] == "campus.process.deadline_backend"
    assert read["database"]["OPTIONS"]["connect_timeout"] == 2
    assert read["database"]["CONN_HEALTH_CHECKS"] is True
    assert read["database"]["NAME"] == "enrollments"
    assert read["debug"] is False
    assert read["allowed_hosts"] == ["127.0.0.1", "localhost"]


def test_a_malformed_database_url_or_debug_flag_is_named():
    with pytest.raises(MissingVariable, match="DATABASE_URL is not a database URL"):
        settings_read({**COMPLETE, "DATABASE_URL": "nonsense"})
    with pytest.raises(MissingVariable, match="DEBUG='maybe' is not a boolean"):
        settings_read({**COMPLETE, "DEBUG": "maybe"})


def test_the_dashboard_needs_its_read_models_database_and_every_neighbour_it_calls():
    assert "DATABASE_URL" in required_variables("dashboard")
    assert neighbours("dashboard") == ("catalog", "enrollments", "credentials")
    assert neighbours("identity") == ()
    # enrollments calls the catalog (the saga's seats) and credentials (its worker's grades);
    # its events go through its outbox and Redis, not to a URL
    assert neighbours("enrollments") == ("catalog", "credentials")
    assert "CAMPUS_CREDENTIALS_URL" in required_variables("enrollments")
    assert neighbours("monolith") == ()


def _django_admin(environ, *args):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "campus.process.settings"}
    command = [sys.executable, "-m", "django", *args]
    return subprocess.run(command, env={**env, **environ}, capture_output=True, text=True)


def test_django_stops_with_one_line_naming_the_variable():
    done = _django_admin(_without("SECRET_KEY"), "check")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "campus: SECRET_KEY is not set: Django signs with it; give each deploy its own long "
        "random value."
    ]


def test_check_deploy_finds_no_security_problem_left_unexplained():
    done = _django_admin(COMPLETE, "check", "--deploy", "--fail-level", "ERROR")
    assert done.returncode == 0, done.stderr
    assert "security." not in done.stderr
    assert "(3 silenced)" in done.stdout + done.stderr


def test_the_identity_provider_refuses_to_start_without_a_usable_signing_key():
    identity = {
        "CAMPUS_SERVICE": "identity",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://identity:pw@db:5432/identity",
        "CAMPUS_TOKEN_ISSUER": "http://identity:8000",
    }
    with pytest.raises(MissingVariable, match="CAMPUS_IDENTITY_PRIVATE_KEY is not set"):
        settings_read(identity)
    with pytest.raises(MissingVariable, match="not a PEM private key"):
        settings_read({**identity, "CAMPUS_IDENTITY_PRIVATE_KEY": "not a key"})
    key = private_key_generate()
    assert settings_read({**identity, "CAMPUS_IDENTITY_PRIVATE_KEY": key})["private_key"] == key
