import json
import re

import pytest

from campus.assembly.refusals import refusal_response
from campus.process.proxy import (
    BODY_LIMIT_BYTES,
    ERROR_MESSAGES,
    READ_TIMEOUT_S,
    UPSTREAM_GRACE_S,
    Site,
    error_pages,
    nginx_conf,
)
from campus.registry import SERVICES

SITES = [
    Site(s.name, f"127.0.0.1:{8001 + n}", f"127.0.0.1:{9001 + n}") for n, s in enumerate(SERVICES)
]


def _conf(deadline_s: float = 1.0) -> str:
    return nginx_conf(SITES, pages="/p", scratch="/s", deadline_s=deadline_s)


def _directive(text: str, name: str) -> list[str]:
    return re.findall(rf"^\s*{name} ([^;]+);", text, re.MULTILINE)


def test_every_process_gets_a_server_on_its_public_port_in_front_of_its_gunicorn():
    text = _conf()
    assert _directive(text, "listen") == [site.listen for site in SITES]
    for site in SITES:
        assert f"upstream {site.name} {{ server {site.upstream}; keepalive 8; }}" in text
        assert f"proxy_pass http://{site.name};" in text


def test_nginx_reads_each_request_whole_within_the_platforms_limits():
    text = _conf()
    assert _directive(text, "proxy_request_buffering") == ["on"]
    assert _directive(text, "proxy_http_version") == ["1.1"]
    assert _directive(text, "client_max_body_size") == [str(BODY_LIMIT_BYTES)]
    assert _directive(text, "client_header_timeout") == [f"{READ_TIMEOUT_S}s"]
    assert _directive(text, "client_body_timeout") == [f"{READ_TIMEOUT_S}s"]
    assert _directive(text, "large_client_header_buffers") == ["4 4k"]


@pytest.mark.parametrize(("deadline_s", "waited"), [(1.0, 1 + UPSTREAM_GRACE_S), (2.5, 13)])
def test_nginx_waits_on_gunicorn_for_the_deadline_and_a_grace_no_longer(deadline_s, waited):
    text = _conf(deadline_s)
    assert _directive(text, "proxy_read_timeout") == [f"{waited}s"]
    assert _directive(text, "proxy_send_timeout") == [f"{waited}s"]


def test_the_app_gets_the_host_the_client_sent_whom_nginx_forwarded_for_and_when():
    text = _conf()
    assert _directive(text, "proxy_set_header") == [
        "Host $campus_host",
        'Connection ""',
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "X-Forwarded-Proto $scheme",
        'X-Request-Start "t=${msec}"',
    ]
    assert "default $http_host;" in text


def test_nginx_writes_nothing_outside_its_scratch_folder_and_logs_to_stderr():
    text = _conf()
    assert _directive(text, "pid") == ["/s/nginx.pid"]
    temp = [path for d in ("client_body", "proxy") for path in _directive(text, f"{d}_temp_path")]
    assert temp == ["/s/client_body", "/s/proxy"]
    assert _directive(text, "error_log") == ["stderr warn"]
    assert _directive(text, "daemon") == ["off"]


def test_every_refusal_nginx_writes_is_a_page_in_the_one_error_shape():
    pages = error_pages()
    assert sorted(pages) == sorted(f"{code}.json" for code in ERROR_MESSAGES)
    for code, message in ERROR_MESSAGES.items():
        assert pages[f"{code}.json"] == refusal_response(code, message)[2]
        assert set(json.loads(pages[f"{code}.json"])["error"]) == {"code", "message"}
    assert json.loads(pages["413.json"])["error"]["code"] == "body_too_large"


def test_each_status_is_sent_with_its_page_and_headers_too_large_as_a_400_with_the_431_page():
    # nginx writes a 431's status line with no reason phrase: a 400, whose page names the 431.
    text = _conf()
    pages = _directive(text, "error_page")
    assert "494 =400 /.campus-errors/431.json" in pages
    assert "502 =502 /.campus-errors/502.json" in pages
    shown = {int(page.split()[2].split("/")[-1].removesuffix(".json")) for page in pages}
    assert shown == set(ERROR_MESSAGES)
    sent = {int(page.split()[1].removeprefix("=")) for page in pages}
    assert 431 not in sent
    assert text.count("location /.campus-errors/ { internal; etag off; alias /p/; }") == len(SITES)
