"""The ``campus`` command, run as an operator would: a separate process, stopped by a signal."""

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from campus.registry import SERVICES

CAMPUS = str(Path(sys.executable).with_name("campus"))  # the installed console script
EXPECTED_NAMES = {
    "microservices": {s.name for s in SERVICES},
    "monolith": {"monolith"},
}


def _campus(*args: str, **kwargs) -> subprocess.Popen:
    environ = {**os.environ, "CAMPUS_LOG_LEVEL": "INFO"}
    return subprocess.Popen(
        [CAMPUS, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
        **kwargs,
    )


def _first_line(process: subprocess.Popen, seconds: float = 60) -> str:
    ready, _, _ = select.select([process.stdout], [], [], seconds)
    if not ready:
        process.kill()
        pytest.fail(f"no line on stdout within {seconds} s: {process.communicate()[1]}")
    return process.stdout.readline()


@pytest.fixture
def served(request):
    """A ``campus serve --arch ARCH`` process, and the URLs it printed."""
    with _campus("serve", "--arch", request.param) as process:  # closes the pipes at the end
        try:
            yield process, json.loads(_first_line(process))
        finally:
            if process.poll() is None:
                process.kill()


@pytest.mark.parametrize("served", ["microservices", "monolith"], indirect=True)
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_prints_one_line_of_urls_and_exits_0_soon_after_a_signal(served, signum, request):
    process, urls = served
    arch = request.node.callspec.params["served"]
    assert set(urls) == EXPECTED_NAMES[arch]
    assert all(url.startswith("http://127.0.0.1:") for url in urls.values())
    process.send_signal(signum)
    assert process.wait(timeout=2) == 0
    rest_of_stdout, stderr = process.communicate()
    assert rest_of_stdout == ""  # the one line of URLs, and nothing else
    assert f"{arch} started" in stderr  # logs go to stderr


@pytest.mark.parametrize("served", ["microservices", "monolith"], indirect=True)
def test_every_served_base_url_answers_health_and_openapi_then_stops_with_clients_connected(
    served,
):
    process, urls = served
    with requests.Session() as http:
        for url in urls.values():
            assert http.get(url + "/health", timeout=5).json()["status"] == "ok"
            document = http.get(url + "/openapi.json", timeout=5).json()
            assert document["openapi"].startswith("3.")
            assert document["paths"]
        process.terminate()  # while the session still holds its connections open
        assert process.wait(timeout=2) == 0


def test_manage_as_a_service_uses_that_service_database():
    process = _campus("manage", "--service", "catalog", "showmigrations", "catalog")
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "[ ] 0001_initial" in stdout  # a fresh database, not the empty "default" one


def test_manage_refuses_a_service_that_has_no_database():
    process = _campus("manage", "--service", "dashboard", "check")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "invalid choice: 'dashboard'" in stderr
