"""``campus serve``, run as an operator would: a separate process, stopped by a signal."""

import json
import os
import queue
import re
import select
import signal
import socket
import subprocess
import threading
import time

import pytest
import requests

from campus.process.loopback import free_ports
from campus.registry import SERVICES

from .command import CAMPUS, campus_help, campus_plain, campus_refused, campus_started

EXPECTED_NAMES = {
    "microservices": {s.name for s in SERVICES},
    "monolith": {"monolith"},
}


def _first_line(process: subprocess.Popen, seconds: float = 60) -> str:
    ready, _, _ = select.select([process.stdout], [], [], seconds)
    if not ready:
        process.kill()
        pytest.fail(f"no line on stdout within {seconds} s: {process.communicate()[1]}")
    return process.stdout.readline()


@pytest.fixture
def served(request):
    """A ``campus serve --arch ARCH`` process, and the URLs it printed."""
    with campus_started("serve", "--arch", request.param) as process:  # closes the pipes at the end
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
    # Exits by itself (a hang would meet the timeout); how soon is a figure for the bench, as
    # a shared machine stretches a one-second stop several times over.
    assert process.wait(timeout=30) == 0
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
        assert process.wait(timeout=30) == 0


@pytest.mark.parametrize("arch", ["microservices", "monolith"])
def test_serve_with_a_base_port_takes_the_ports_after_it_in_registry_order(arch):
    base = free_ports(len(SERVICES))
    with campus_plain("serve", "--arch", arch, "--port", str(base)) as process:
        try:
            urls = json.loads(_first_line(process))
        finally:
            process.terminate()
        assert process.wait(timeout=30) == 0
    names = [s.name for s in SERVICES] if arch == "microservices" else ["monolith"]
    assert urls == {name: f"http://127.0.0.1:{base + i}" for i, name in enumerate(names)}


def test_serve_refuses_a_port_that_is_taken_in_one_line():
    base = free_ports(len(SERVICES))
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", base + 2))  # the credentials port
        squatter.listen()
        process = campus_plain("serve", "--port", str(base))
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stdout == ""
    assert "Traceback" not in stderr
    refusal = stderr.strip().splitlines()[-1]  # after the log line of the ports let go
    assert refusal.startswith(f"campus serve: port {base + 2} (for credentials) is not free")


@pytest.mark.parametrize("port", ["0", "65535", "http"])
def test_serve_refuses_a_base_port_out_of_range(port):
    process = campus_plain("serve", "--port", port)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "--port" in stderr


def test_serve_logs_a_line_per_request_by_default_and_says_how_to_quieten_it():
    with campus_plain("serve", "--arch", "monolith") as process:
        try:
            url = json.loads(_first_line(process))["monolith"]
            requests.get(url + "/health", timeout=5)
        finally:
            process.terminate()
        _, stderr = process.communicate(timeout=5)
    assert "CAMPUS_LOG_LEVEL=WARNING" in stderr
    assert f"{url}/docs" in stderr
    assert "Ctrl+C" in stderr
    assert re.search(r"monolith GET /health 200 [\d.]+ ms rid=", stderr), stderr


def test_serve_at_level_warning_logs_no_requests_and_says_how_to_see_them():
    with campus_plain("serve", "--arch", "monolith", CAMPUS_LOG_LEVEL="WARNING") as process:
        try:
            url = json.loads(_first_line(process))["monolith"]
            requests.get(url + "/courses", timeout=5)
        finally:
            process.terminate()
        _, stderr = process.communicate(timeout=5)
    assert "CAMPUS_LOG_LEVEL=INFO" in stderr
    assert "GET /courses" not in stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CAMPUS_HTTP_TIMEOUT", "abc"),
        ("CAMPUS_HTTP_TIMEOUT", "nan"),
        ("CAMPUS_HTTP_RETRIES", "1.5"),
        ("CAMPUS_LOG_STREAM", "file"),
        ("CAMPUS_LOG_LEVEL", "bogus"),
        ("CAMPUS_CATALOG_URL", "nonsense"),
        ("CAMPUS_DASHBOARD_READ_MODEL", "maybe"),
    ],
)
def test_a_bad_variable_stops_serve_with_one_line_naming_it(variable, value):
    done = campus_refused(["serve"], **{variable: value})
    assert (done.returncode, done.stdout) == (2, "")
    assert (done.stderr.count("\n"), variable in done.stderr) == (1, True), done.stderr


def test_serve_help_explains_arch_its_default_the_json_line_and_how_to_stop():
    text = campus_help("serve")
    assert "--arch microservices (the default)" in text
    assert "--arch monolith" in text
    assert "JSON line" in text
    assert "Ctrl+C" in text
    assert "--port BASE" in text


SUMMARY_URL_LINE = re.compile(r"^  (\w+) +(http://127\.0\.0\.1:\d+)/ +API docs: \2/docs$")
DEMO_ACCOUNTS = "demo accounts (ada, grace, linus, instructor) sign in with password "


def _stderr_until(process: subprocess.Popen, pattern: re.Pattern, seconds: float = 60) -> list:
    """The lines ``process`` wrote on stderr up to and with the first one ``pattern`` matches.

    Read on a thread: a line already in the pipe's read buffer is one select() never reports."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stderr], daemon=True
    ).start()
    seen = []
    deadline = time.monotonic() + seconds
    while not seen or not pattern.match(seen[-1]):
        try:
            seen.append(lines.get(timeout=max(deadline - time.monotonic(), 0)).rstrip("\n"))
        except queue.Empty:
            process.kill()
            pytest.fail(f"no line matching {pattern.pattern} on stderr: {seen}")
    return seen


def test_serve_prints_the_demo_password_it_made_up_in_one_line_on_stderr():
    environ = {k: v for k, v in os.environ.items() if k != "CAMPUS_DEMO_PASSWORD"}
    with subprocess.Popen(
        [CAMPUS, "serve"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ
    ) as process:
        try:
            before_urls = _stderr_until(process, SUMMARY_URL_LINE)
            identity = json.loads(_first_line(process))["identity"]
            told = [line for line in before_urls if DEMO_ACCOUNTS in line]
            assert len(told) == 1, before_urls
            assert told[0].startswith("campus serve: " + DEMO_ACCOUNTS)
            password = told[0].removeprefix("campus serve: " + DEMO_ACCOUNTS)
            assert re.fullmatch(r"[\w-]+", password), told  # token_urlsafe: one word
            answer = requests.post(
                identity + "/oauth2/token",
                data={
                    "grant_type": "password",
                    "client_id": "campus-learner-app",
                    "username": "instructor",
                    "password": password,
                },
                timeout=10,
            )
            assert answer.status_code == 200, answer.text  # the password the accounts hold
        finally:
            process.terminate()
        process.communicate(timeout=10)


def test_serve_prints_no_password_when_campus_demo_password_gives_it():
    environ = {**os.environ, "CAMPUS_DEMO_PASSWORD": "not-to-be-shown"}
    with subprocess.Popen(
        [CAMPUS, "serve", "--arch", "monolith"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    ) as process:
        try:
            _first_line(process)
        finally:
            process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "Ctrl+C" in stderr  # the whole summary was printed
    assert "sign in with password" not in stderr
    assert "not-to-be-shown" not in stderr
