"""Printing what the platform answered: the request, the status, the body as it came."""

import json

import requests

from campus.journey import DEMO_COURSE
from campus.notebook.show import answer_show, answers_show, json_show, table_show


def _response(status: int, body: bytes, url: str = "http://127.0.0.1:9/a?b=1") -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.request = requests.Request("GET", url).prepare()
    return response


def test_an_answer_prints_its_request_and_status_then_the_body_the_service_sent(
    microservices, http, capsys
):
    answer = http.get(microservices.url("catalog") + f"/courses/{DEMO_COURSE}")
    answer_show(answer)
    first, _, rest = capsys.readouterr().out.partition("\n")
    assert first == f"GET /courses/{DEMO_COURSE} -> 200"
    assert json.loads(rest) == answer.json()  # the whole body, not a reshaped copy


def test_a_body_that_is_not_json_is_printed_as_its_text(capsys):
    answer_show(_response(502, b"Bad gateway"))
    assert capsys.readouterr().out == "GET /a?b=1 -> 502\nBad gateway\n"


def test_several_answers_print_their_status_and_error_code_and_come_back_as_rows(
    microservices, http, capsys
):
    page = microservices.url("dashboard") + "/dashboard/ada"
    rows = answers_show({"no token": requests.get(page), "staff": http.get(page)})
    assert rows == [("no token", 401, "not_authenticated"), ("staff", 200, "-")]
    assert "not_authenticated" in capsys.readouterr().out


def test_a_header_is_cut_on_screen_and_returned_whole(microservices, capsys):
    answer = requests.get(microservices.url("dashboard") + "/dashboard/ada")
    [row] = answers_show({"no token": answer}, header="WWW-Authenticate", width=6)
    assert row[3] == answer.headers["WWW-Authenticate"]
    assert f"{row[3][:6]}..." in capsys.readouterr().out


def test_json_and_tables_print_as_text(capsys):
    json_show({"when": __import__("datetime").date(2026, 1, 2)})
    table_show(["a", "b"], [(1, "x")])
    assert capsys.readouterr().out.splitlines() == [
        "{",
        '  "when": "2026-01-02"',
        "}",
        "a  b",
        "-  -",
        "1  x",
    ]
