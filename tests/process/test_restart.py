"""The wrapper campus up runs each process under: restarts once ready, passes signals on."""

import signal
import subprocess
import sys

import psutil
import pytest

from campus.process.restart import MODULE, restarting
from campus.waits import wait_until

# Counts its runs in a file, prints a line, then exits 1 (or waits for SIGTERM, exits 7).
CRASHES = "open({runs!r}, 'a').write('run\\n'); print('crashing', flush=True); raise SystemExit(1)"
WAITS = (
    "import signal, sys, time; signal.signal(signal.SIGTERM, lambda *a: sys.exit(7));"
    "open({runs!r}, 'a').write('run\\n'); print('waiting', flush=True); time.sleep(60)"
)


def _wrapper(tmp_path, code: str, *, ready: bool, start_after=None) -> subprocess.Popen:
    ready_file = tmp_path / "ready"
    if ready:
        ready_file.touch()
    command = [sys.executable, "-c", code.format(runs=str(tmp_path / "runs"))]
    wrapper = [sys.executable, "-m", MODULE, "--name", "demo", "--ready-file", str(ready_file)]
    if start_after is not None:
        wrapper += ["--start-after", str(start_after)]
    return subprocess.Popen(
        [*wrapper, "--", *command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _runs(tmp_path) -> int:
    runs = tmp_path / "runs"
    return len(runs.read_text().splitlines()) if runs.exists() else 0


def test_once_ready_a_command_that_exits_1_is_started_again_until_a_sigterm(tmp_path):
    wrapper = _wrapper(tmp_path, CRASHES, ready=True)
    try:
        wait_until(lambda: _runs(tmp_path) >= 2, timeout=30, interval=0.05, what="a restart")
        wrapper.send_signal(signal.SIGTERM)
        output, _ = wrapper.communicate(timeout=30)
    finally:
        wrapper.kill()
    # The command's last exit code: 1 when the stop came during a back-off, or the SIGTERM's
    # (128 + 15) when it came while the command ran.
    assert wrapper.returncode in (1, 128 + signal.SIGTERM)
    assert "demo exited (rc=1): restarting in 0.5 s\n" in output
    assert output.count("crashing") == _runs(tmp_path)


def test_before_ready_a_command_that_exits_is_not_started_again(tmp_path):
    wrapper = _wrapper(tmp_path, CRASHES, ready=False)
    output, _ = wrapper.communicate(timeout=30)
    assert wrapper.returncode == 1
    assert "demo exited before the platform was ready (rc=1): not started again" in output
    assert "restarting" not in output
    assert _runs(tmp_path) == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_is_passed_on_and_the_command_is_not_started_again(tmp_path, signum):
    wrapper = _wrapper(tmp_path, WAITS, ready=True)
    try:
        assert wrapper.stdout.readline() == "waiting\n"
        wrapper.send_signal(signum)
        output, _ = wrapper.communicate(timeout=30)
    finally:
        wrapper.kill()
    # The command's handler of SIGTERM exits 7; SIGINT kills it (a shell's 128 + 2).
    assert wrapper.returncode == (7 if signum == signal.SIGTERM else 130)
    assert "restarting" not in output
    assert _runs(tmp_path) == 1


def test_a_wrapper_whose_parent_died_stops_its_command_though_no_signal_came(tmp_path):
    ready = tmp_path / "ready"
    ready.touch()
    command = [sys.executable, "-c", WAITS.format(runs=str(tmp_path / "runs"))]
    wrapper = [sys.executable, "-m", MODULE, "--name", "demo", "--ready-file", str(ready)]
    # Its parent asks for no parent-death signal, and exits once the command runs.
    parent = (
        "import os, subprocess, sys, time\n"
        "wrapper = subprocess.Popen(sys.argv[2:])\n"
        "print(wrapper.pid, flush=True)\n"
        "while not os.path.exists(sys.argv[1]):  # until the command runs\n"
        "    time.sleep(0.05)\n"
    )
    runs = str(tmp_path / "runs")
    started = subprocess.run(
        [sys.executable, "-c", parent, runs, *wrapper, "--", *command],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    pid = int(started.stdout.split()[0])
    wait_until(lambda: not _alive(pid), timeout=10, interval=0.05, what="the wrapper's stop")
    assert _runs(tmp_path) == 1


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_command_that_cannot_start_exits_127_naming_it(tmp_path):
    ready_file = tmp_path / "ready"
    wrapper = [sys.executable, "-m", MODULE, "--name", "demo", "--ready-file", str(ready_file)]
    done = subprocess.run(
        [*wrapper, "--", str(tmp_path / "missing")], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 127
    assert done.stdout.startswith("demo: ")
    assert "missing" in done.stdout


def test_the_command_line_puts_the_wrapper_around_the_command():
    line = restarting("catalog", ["gunicorn", "--bind=127.0.0.1:8000"], ready_file="/tmp/r")
    wrapper = line.index(MODULE)
    assert line[wrapper + 1 : wrapper + 5] == ["--name", "catalog", "--ready-file", "/tmp/r"]
    assert line[-2:] == ["gunicorn", "--bind=127.0.0.1:8000"]


def test_with_start_after_the_command_starts_only_once_that_file_exists(tmp_path):
    first = tmp_path / "first"
    wrapper = _wrapper(tmp_path, WAITS, ready=True, start_after=first)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            wrapper.wait(timeout=1)  # waiting for the file, not started
        assert _runs(tmp_path) == 0
        first.touch()
        assert wrapper.stdout.readline() == "waiting\n"
        wrapper.send_signal(signal.SIGTERM)
        wrapper.communicate(timeout=30)
    finally:
        wrapper.kill()
    assert wrapper.returncode == 7  # the command's own exit on SIGTERM: it was passed on
    assert _runs(tmp_path) == 1


def test_a_signal_before_the_start_after_file_exists_stops_the_wrapper_and_starts_nothing(
    tmp_path,
):
    wrapper = _wrapper(tmp_path, WAITS, ready=True, start_after=tmp_path / "never")
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            wrapper.wait(timeout=1)
        wrapper.send_signal(signal.SIGTERM)
        output, _ = wrapper.communicate(timeout=30)
    finally:
        wrapper.kill()
    assert wrapper.returncode == 0
    assert output == ""
    assert _runs(tmp_path) == 0


def test_the_command_line_names_the_file_to_start_after():
    line = restarting("catalog-relay", ["campus"], ready_file="/tmp/r", start_after="/tmp/r")
    wrapper = line.index(MODULE)
    assert line[wrapper + 5 : wrapper + 7] == ["--start-after", "/tmp/r"]
