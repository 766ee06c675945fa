"""What the notebooks need around `campus up`, checked on real processes of this machine."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import campus.notebook.up
from campus.notebook.up import (
    START_TIMEOUT_S,
    campus_up,
    group_caught_up,
    launched,
    local_session,
    log_file,
    log_lines,
    paused,
    processes_show,
    still_running,
)

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
PARENT = [
    sys.executable,
    "-c",
    "import subprocess, sys, time; "
    "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); time.sleep(60)",
]


@pytest.fixture
def started():
    """Start commands; kill whatever is left of them (and their children) afterwards."""
    running = []

    def start(command):
        process = subprocess.Popen(command)
        running.append(process)
        return process

    yield start
    for process in running:
        try:
            for child in psutil.Process(process.pid).children(recursive=True):
                child.kill()
        except psutil.NoSuchProcess:
            pass
        process.kill()
        process.wait()


class FakeUp:
    """What the helpers read of `campus.process.control.Up`: its servers, workers and log."""

    def __init__(self, servers=None, workers=None, log=""):
        self._servers, self._workers, self._log = servers or {}, workers or {}, log

    def servers(self):
        return self._servers

    def event_workers(self):
        return self._workers

    def log(self):
        return self._log


def _children(process: subprocess.Popen, count: int) -> list[psutil.Process]:
    parent = psutil.Process(process.pid)
    for _ in range(200):
        if len(parent.children()) == count:
            break
        time.sleep(0.02)
    return parent.children()


def _statuses(processes) -> set[str]:
    return {psutil.Process(p.pid).status() for p in processes}


def _eventually(condition, timeout: float = 4.0) -> bool:
    """A signal lands a little after it is sent: ask again for up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class RecordedUp:
    """Stands in for `campus.process.control.Up`: records how it was started and stopped."""

    made: list["RecordedUp"] = []

    def __init__(self, arch, **options):
        self.arch, self.options, self.calls = arch, options, []
        RecordedUp.made.append(self)

    def launch(self):
        self.calls.append(("launch",))
        return self

    def start(self, timeout, *, workers=True):
        self.calls.append(("start", timeout, workers))
        return self

    def stop(self):
        self.calls.append(("stop",))


def test_campus_up_waits_as_long_as_a_busy_machine_needs_and_stops_even_after_an_error(
    monkeypatch,
):
    monkeypatch.setattr(campus.notebook.up, "Up", RecordedUp)
    with pytest.raises(RuntimeError, match="a cell failed"), campus_up("monolith", workers=2) as up:
        raise RuntimeError("a cell failed")
    assert (up.arch, up.options) == ("monolith", {"workers": 2})
    # Its web processes answering is what a cell needs: the event workers start meanwhile.
    assert up.calls == [("start", START_TIMEOUT_S, False), ("stop",)]
    assert START_TIMEOUT_S >= 120


def test_a_launched_campus_up_is_not_waited_for_until_a_with_block_uses_it(monkeypatch):
    monkeypatch.setattr(campus.notebook.up, "Up", RecordedUp)
    monkeypatch.setattr(campus.notebook.up.atexit, "register", lambda stop: None)
    monolith = launched("monolith", workers=2)
    assert monolith.calls == [("launch",)]
    with campus_up(monolith) as up:
        assert up is monolith
    assert up.calls == [("launch",), ("start", START_TIMEOUT_S, False), ("stop",)]


def test_the_session_ignores_proxy_settings_for_the_servers_on_127_0_0_1():
    with local_session() as session:
        assert session.trust_env is False


def test_the_log_file_exists_while_python_runs_and_is_gone_once_it_exits():
    run = subprocess.run(
        [sys.executable, "-c", "from campus.notebook.up import log_file; print(log_file())"],
        capture_output=True,
        text=True,
        check=True,
    )
    path = Path(run.stdout.strip())
    assert (path.name[:10], path.suffix) == ("campus-up-", ".log")
    assert not path.exists()
    assert Path(log_file()).is_file()  # this test's own, removed when pytest exits


def test_the_memory_table_has_a_row_for_each_master_its_workers_and_each_event_worker(
    started, capsys
):
    master = started(PARENT)
    [worker] = _children(master, 1)
    relay = started(SLEEPER)
    up = FakeUp(
        servers={"catalog": psutil.Process(master.pid)},
        workers={"catalog-relay": psutil.Process(relay.pid)},
    )
    rows = processes_show(up)
    assert [row[:3] for row in rows] == [
        ("catalog", "master", master.pid),
        ("catalog", "worker", worker.pid),
        ("catalog-relay", "event worker", relay.pid),
    ]
    assert all(rss > 0 and 0 < uss <= rss for *_, rss, uss in rows)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].split() == ["process", "role", "pid", "RSS", "MiB", "USS", "MiB"]
    assert len(printed) == 2 + len(rows)


class FakeBroker:
    """Answers XINFO GROUPS with the pending counts given, one per call, then the last one."""

    def __init__(self, pending: list[int], name=b"credentials"):
        self.pending, self.name, self.calls = pending, name, 0

    def xinfo_groups(self, stream):
        count = self.pending[min(self.calls, len(self.pending) - 1)]
        self.calls += 1
        return [{"name": b"dashboard", "pending": 9}, {"name": self.name, "pending": count}]


def test_the_group_is_read_again_until_nothing_is_pending():
    broker = FakeBroker([2, 1, 0])
    assert group_caught_up(broker, "stream", "credentials")["pending"] == 0
    assert broker.calls == 3


def test_a_group_that_never_catches_up_is_returned_as_it_stands_after_the_timeout():
    broker = FakeBroker([1], name="credentials")  # a client that decodes answers
    started = time.monotonic()
    assert group_caught_up(broker, "stream", "credentials", timeout=0.1)["pending"] == 1
    assert time.monotonic() - started < 2


def test_log_lines_are_those_that_contain_the_text_stripped():
    up = FakeUp(log="12:00 a | started\n12:01 b | exited: restarting in 0.5 s  \n")
    assert log_lines(up, "restarting in") == ["12:01 b | exited: restarting in 0.5 s"]


def test_still_running_counts_neither_a_reaped_process_nor_a_zombie(started):
    alive, reaped, zombie = started(SLEEPER), started(SLEEPER), started(SLEEPER)
    processes = [psutil.Process(p.pid) for p in (alive, reaped, zombie)]
    reaped.kill()
    reaped.wait()
    zombie.kill()  # not waited for: a zombie until its parent, this test, reaps it
    assert _eventually(lambda: _statuses([zombie]) == {psutil.STATUS_ZOMBIE})
    assert still_running(processes) == [alive.pid]


def test_a_paused_service_is_stopped_master_and_worker_and_goes_on_afterwards(started):
    master = started(PARENT)
    [worker] = _children(master, 1)
    up = FakeUp(servers={"catalog": psutil.Process(master.pid)})
    with paused(up, "catalog"):
        assert _eventually(lambda: _statuses([master, worker]) == {psutil.STATUS_STOPPED})
    assert _eventually(lambda: psutil.STATUS_STOPPED not in _statuses([master, worker]))
    master.send_signal(signal.SIGTERM)
    assert master.wait(5) == -signal.SIGTERM  # it answers signals again
