"""A serving command run as a process of its own: its URLs, its stdout, its stop on SIGTERM."""

import sys

import pytest

from campus.notebook.serve import serve_launched, served

# Prints a log line and its URLs, then serves until SIGTERM, after which it prints a last line
# and exits 0.
SERVER = """
import json, signal, sys, time
stopping = []
signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
print("started", flush=True)
print(json.dumps({"catalog": "http://127.0.0.1:1"}), flush=True)
print("a banner for a person", file=sys.stderr, flush=True)
while not stopping:
    time.sleep(0.01)
print("stopped", flush=True)
"""


def test_the_urls_come_back_and_the_stream_holds_every_line_once_it_has_stopped():
    with served({}, command=[sys.executable, "-c", SERVER]) as server:
        assert server.urls == {"catalog": "http://127.0.0.1:1"}
        assert server.returncode is None  # still running in the block
    assert server.stream == ["started\n", "stopped\n"]
    assert server.returncode == 0


def test_a_command_that_ends_without_its_urls_raises_with_what_it_said():
    failing = [sys.executable, "-c", "import sys; sys.exit('no port to bind')"]
    with pytest.raises(RuntimeError, match="no port to bind"), served({}, command=failing):
        pass


def test_a_command_launched_earlier_is_waited_for_used_and_stopped_the_same_way():
    launched = serve_launched({}, command=[sys.executable, "-c", SERVER])
    assert launched.urls == {}  # not waited for yet
    with served(launched) as server:
        assert server is launched
        assert server.urls == {"catalog": "http://127.0.0.1:1"}
    assert server.stream == ["started\n", "stopped\n"]
    assert server.returncode == 0
