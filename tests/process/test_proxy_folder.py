import json
import shutil
import socket
import stat
import subprocess

import pytest
import requests

from campus.assembly.config import ConfigurationError
from campus.process.loopback import free_port
from campus.process.proxy import Site, error_pages
from campus.process.proxy_folder import nginx_binary, nginx_command, proxy_folder
from campus.waits import wait_until


def test_without_nginx_on_the_path_it_says_what_to_install(tmp_path):
    with pytest.raises(ConfigurationError, match=r"apt-get install nginx"):
        nginx_binary(str(tmp_path))


def test_the_folder_holds_the_configuration_and_pages_nginx_workers_can_read(tmp_path):
    folder = tmp_path / "proxy"
    folder.mkdir(mode=0o700)
    command = nginx_command(
        str(folder), [Site("catalog", "127.0.0.1:1", "127.0.0.1:2")], deadline_s=1
    )
    assert command[1:] == ["-e", "stderr", "-p", str(folder), "-c", str(folder / "nginx.conf")]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    for name, body in error_pages().items():
        assert (folder / "errors" / name).read_bytes() == body
        assert stat.S_IMODE((folder / "errors" / name).stat().st_mode) == 0o644
    assert "listen 127.0.0.1:1;" in (folder / "nginx.conf").read_text()


@pytest.fixture
def nginx():
    """nginx on a free port in front of a port where nothing listens; yields its URL."""
    port, nothing = free_port(), free_port()
    site = Site("catalog", f"127.0.0.1:{port}", f"127.0.0.1:{nothing}")
    folder = proxy_folder()
    process = subprocess.Popen(nginx_command(folder, [site], deadline_s=1))

    def listening() -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_until(listening, timeout=10, interval=0.02, what="nginx")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder)


def test_nginx_runs_on_the_folder_and_answers_a_service_that_is_down_with_a_json_502(nginx):
    with requests.Session() as http:
        http.trust_env = False
        answer = http.get(nginx + "/courses", timeout=10)
        internal = http.get(nginx + "/.campus-errors/502.json", timeout=10)
    assert answer.status_code == 502
    assert answer.headers["Content-Type"] == "application/json"
    assert json.loads(answer.content)["error"]["code"] == "bad_gateway"
    # The pages are internal: asked for by a client, nginx has nothing there (a JSON 404 too).
    assert internal.status_code == 404
    assert internal.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("method", ["TRACE", "CONNECT"])
def test_a_method_nginx_refuses_itself_is_refused_in_json(nginx, method):
    port = int(nginx.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(
            f"{method} /courses HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        )
        said = b""
        while chunk := client.recv(65536):
            said += chunk
    head, _, body = said.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 405 "), head
    assert b"Content-Type: application/json" in head
    assert json.loads(body)["error"]["code"] == "method_not_allowed"


def test_an_http_0_9_request_is_closed_unanswered_rather_than_served(nginx):
    port = int(nginx.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(b"GET /courses\r\n")
        assert client.recv(65536) == b""


def test_a_request_line_nginx_cannot_parse_still_gets_its_json_400(nginx):
    # Such a request has no protocol either, as HTTP/0.9 has: it must not be closed unanswered.
    port = int(nginx.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(b"GARBAGE\r\n\r\n")
        said = b""
        while chunk := client.recv(65536):
            said += chunk
    head, _, body = said.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), head
    assert json.loads(body)["error"]["code"] == "bad_request"
