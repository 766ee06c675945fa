"""A body the server cannot read as sent is refused by name, before any view runs, and the
connection is closed so the unread bytes are never taken for a next request."""

import requests

from campus.catalog.models import Course


def test_a_negative_content_length_is_refused_with_400(microservices, http, rows, refused):
    request = requests.Request(
        "POST",
        microservices.url("catalog") + "/courses",
        data=b"{}",
        headers={"Content-Type": "application/json"},
    ).prepare()
    request.headers["Content-Length"] = "-5"
    answer = http.send(request)
    refused(answer, 400, "bad_request")
    assert answer.headers["Connection"] == "close"
    assert rows(microservices, Course) == 3


def test_a_chunked_body_is_refused_with_411_instead_of_read_as_empty(
    microservices, http, rows, refused
):
    # requests sends a body it cannot measure (a generator) with Transfer-Encoding: chunked.
    chunks = iter([b'{"key": "course-v1:CampusX+NEW1+2027", ', b'"title": "New"}'])
    answer = http.post(
        microservices.url("catalog") + "/courses",
        data=chunks,
        headers={"Content-Type": "application/json"},
    )
    refused(answer, 411, "length_required")
    assert answer.headers["Connection"] == "close"
    assert rows(microservices, Course) == 3
