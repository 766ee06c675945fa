"""Print what the platform answered: one answer as its status line and its JSON, several as a
table of status codes and error codes.

    >>> answer_show(http.get(platform.url("catalog") + "/courses/" + key))   # doctest: +SKIP
    GET /courses/course-v1:CampusX+PY101+2026 -> 200
    {
      "key": "course-v1:CampusX+PY101+2026",
      ...
    }
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

import requests

from campus.tables import table_format

__all__ = ["answer_show", "answers_show", "json_show", "table_show"]


def json_show(value: object) -> None:
    """Print ``value`` as indented JSON (dates and other objects as their text)."""
    print(json.dumps(value, indent=2, default=str))


def answer_show(response: requests.Response) -> None:
    """Print the request, the status code, then the body as the service sent it (indented JSON,
    or the text of a body that is not JSON)."""
    request = response.request
    url = urlsplit(request.url)
    path = url.path + (f"?{url.query}" if url.query else "")
    print(f"{request.method} {path} -> {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        print(response.text)
    else:
        json_show(body)


def answers_show(
    answers: Mapping[str, requests.Response], header: str | None = None, width: int = 60
) -> list:
    """Print one row per answer: its label, its status code, the ``error.code`` of an error body
    (``-`` for none) and, if named, one response header (its first ``width`` characters, then
    ``...``). Return the rows, the header in full."""
    rows = []
    for label, response in answers.items():
        row = [label, response.status_code, _error_code(response)]
        if header:
            row.append(response.headers.get(header, "-"))
        rows.append(tuple(row))
    shown = [(*row[:3], _cut(row[3], width)) if header else row for row in rows]
    table_show(["request", "status", "error code", *([header] if header else [])], shown)
    return rows


def table_show(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print ``rows`` under ``headers`` as a plain-text table (`campus.tables.table_format`)."""
    print(table_format(headers, rows))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width] + "..."


def _error_code(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return "-"
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"].get("code", "-")
    return "-"
