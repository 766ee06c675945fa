"""Every answer has a length, so connections are kept; big bodies are refused before reading; a
database that fails to answer is a 503."""

import http.client
import json
from urllib.parse import urlsplit

import pytest
from bearer_tokens import token_make
from demo_courses import OPEN_COURSE
from django.db import InterfaceError, OperationalError, ProgrammingError

from campus.catalog import selectors


@pytest.fixture
def catalog(microservices):
    address = urlsplit(microservices.url("catalog"))
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    yield connection
    connection.close()


def _ask(connection, method, path, *, headers=None, body=None):
    headers = {"Authorization": "Bearer " + token_make(scope="learner staff"), **(headers or {})}
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    return answer.status, answer.read()


def test_answers_of_every_kind_keep_the_connection_open(catalog):
    _ask(catalog, "GET", "/health")
    kept = catalog.sock
    statuses = [
        _ask(catalog, "GET", f"/courses/{OPEN_COURSE}")[0],
        _ask(catalog, "GET", "/no-such-route")[0],
        _ask(catalog, "POST", "/courses", body=b"{", headers={"Content-Type": "application/json"})[
            0
        ],
    ]
    assert statuses == [200, 404, 400]
    assert catalog.sock is kept is not None  # http.client drops a socket the server will close


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(catalog):
    status, body = _ask(
        catalog,
        "POST",
        "/courses",
        body=b" " * (64 * 1024 + 1),
        headers={"Content-Type": "application/json"},
    )
    assert status == 413
    assert b'"body_too_large"' in body


@pytest.mark.parametrize(
    "failure",
    [
        OperationalError("canceling statement due to statement timeout"),
        OperationalError("sorry, too many clients already"),
        InterfaceError("connection already closed"),
    ],
    ids=["statement cancelled", "every slot taken", "connection closed"],
)
def test_a_database_that_fails_to_answer_is_a_503_with_retry_after(catalog, monkeypatch, failure):
    def unavailable(**query):
        raise failure

    monkeypatch.setattr(selectors, "course_get", unavailable)
    connection = catalog
    connection.request(
        "GET",
        f"/courses/{OPEN_COURSE}",
        headers={"Authorization": "Bearer " + token_make(scope="learner")},
    )
    answer = connection.getresponse()
    body = json.loads(answer.read())
    assert answer.status == 503
    assert answer.getheader("Retry-After") == "1"
    assert body["error"]["code"] == "database_unavailable"


def test_any_other_database_error_stays_a_500(catalog, monkeypatch):
    def broken(**query):
        raise ProgrammingError('relation "catalog_course" does not exist')

    monkeypatch.setattr(selectors, "course_get", broken)
    status, body = _ask(catalog, "GET", f"/courses/{OPEN_COURSE}")
    assert status == 500
    assert json.loads(body)["error"]["code"] == "server_error"
