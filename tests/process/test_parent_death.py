"""A child asked to die with its parent goes when its parent is killed outright."""

import os
import signal
import subprocess
import sys

import psutil
import pytest
from process_ended import process_ended

from campus.process.parent_death import dying_with_parent
from campus.waits import wait_until

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a Linux signal")

# A parent that starts one child, prints its pid and sleeps: killed, it stops no one itself.
SETPRIV_PARENT = """
import subprocess, sys, time
from campus.process.parent_death import dying_with_parent
child = subprocess.Popen(dying_with_parent([sys.executable, "-c", "import time; time.sleep(60)"]))
print(child.pid, flush=True)
time.sleep(60)
"""
PRCTL_PARENT = """
import os, signal, sys, time
from campus.process.parent_death import die_with_parent
parent = os.getpid()
pid = os.fork()
if pid == 0:
    die_with_parent(signal.SIGTERM, parent=parent)
    time.sleep(60)
    os._exit(0)
print(pid, flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("code", [SETPRIV_PARENT, PRCTL_PARENT], ids=["setpriv", "prctl"])
def test_a_child_dies_when_its_parent_is_killed(code):
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    try:
        # setpriv asks for the signal, then runs the command: killed before, no signal comes.
        wait_until(
            lambda: psutil.Process(child).name() != "setpriv",
            timeout=20,
            interval=0.01,
            what="setpriv to run the command",
        )
        parent.kill()
        parent.wait(10)
        wait_until(
            lambda: process_ended(child), timeout=20, interval=0.05, what=f"pid {child} to end"
        )
    finally:
        parent.stdout.close()
        if not process_ended(child):
            os.kill(child, signal.SIGKILL)


def test_a_command_runs_under_setpriv_with_the_signal_named():
    command = dying_with_parent(["redis-server"], "INT")
    assert command[-1] == "redis-server"
    assert command in (["redis-server"], ["setpriv", "--pdeathsig=INT", "--", "redis-server"])
