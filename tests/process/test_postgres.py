from urllib.parse import urlsplit

import psycopg
import pytest


def _connect(url: str, *, database: str | None = None) -> psycopg.Connection:
    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port,
        user=parts.username,
        password=parts.password,
        dbname=database or parts.path.lstrip("/"),
        connect_timeout=5,
    )


def test_each_service_connects_to_its_own_database(cluster):
    urls = cluster.databases_create(["catalog", "enrollments"])
    for name, url in urls.items():
        with _connect(url) as connection:
            row = connection.execute("SELECT current_user, current_database()").fetchone()
            assert row == (name, name)


def test_postgres_itself_refuses_a_service_reaching_into_another_services_database(cluster):
    urls = cluster.databases_create(["catalog", "enrollments"])
    with pytest.raises(psycopg.OperationalError, match='permission denied for database "catalog"'):
        _connect(urls["enrollments"], database="catalog")


def test_a_role_cannot_log_in_with_another_roles_password(cluster):
    urls = cluster.databases_create(["catalog", "enrollments"])
    parts = urlsplit(urls["enrollments"])
    stolen = urls["catalog"].replace(
        f":{urlsplit(urls['catalog']).password}@", f":{parts.password}@"
    )
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _connect(stolen)


def test_creating_again_keeps_the_data_and_changes_the_password(cluster):
    first = cluster.databases_create(["credentials"])["credentials"]
    with _connect(first) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS kept (n int)")
        connection.execute("INSERT INTO kept VALUES (1)")
    second = cluster.databases_create(["credentials"])["credentials"]
    assert second != first
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _connect(first)
    with _connect(second) as connection:
        assert connection.execute("SELECT count(*) FROM kept").fetchone()[0] >= 1
