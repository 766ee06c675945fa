"""``campus manage``: a management command run once, as one service."""

from .command import campus_help, campus_started


def test_manage_as_a_service_uses_that_service_database():
    process = campus_started("manage", "--service", "catalog", "showmigrations", "catalog")
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "[ ] 0001_initial" in stdout  # a fresh database, not the empty "default" one


def test_manage_refuses_a_service_the_registry_does_not_list():
    process = campus_started("manage", "--service", "gateway", "check")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "invalid choice: 'gateway'" in stderr


def test_manage_help_says_what_happens_without_a_service():
    text = campus_help("manage")
    assert "Without\n--service it runs as no service at all" in text
