"""A throwaway redis-server goes with the process that started it, even one killed outright."""

import os
import shutil
import signal
import subprocess
import sys

import psutil
import pytest
from process_ended import process_ended

from campus.waits import wait_until

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="a Linux signal")

# A test process or benchmark that starts a server and is then killed: no teardown of its runs.
OWNER = """
import time
from campus.process.redis_server import RedisServer
server = RedisServer(appendonly=False).start()
print(server.process.pid, server.folder, flush=True)
time.sleep(60)
"""


def test_a_server_whose_owner_is_killed_outright_stops_too():
    owner = subprocess.Popen([sys.executable, "-c", OWNER], stdout=subprocess.PIPE, text=True)
    pid, folder = owner.stdout.readline().split()
    server = int(pid)
    try:
        assert psutil.Process(server).name() == "redis-server"  # answered PING: setpriv is gone
        owner.kill()
        owner.wait(10)
        wait_until(
            lambda: process_ended(server), timeout=20, interval=0.05, what=f"pid {server} to end"
        )
    finally:
        owner.stdout.close()
        if not process_ended(server):
            os.kill(server, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)
