"""Two workers at most run `campus up` at a time; a worker already running one needs no slot."""

import os
import select
import subprocess
import sys
from pathlib import Path

from up_slots import SLOTS, up_slot

HOLDER = """
import sys
from pathlib import Path
from up_slots import up_slot
with up_slot(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()  # until the test lets go
"""


def _holder(folder: Path) -> subprocess.Popen:
    environ = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    command = [sys.executable, "-c", HOLDER, str(folder)]
    return subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environ
    )


def _holds(holder: subprocess.Popen, seconds: float) -> bool:
    ready, _, _ = select.select([holder.stdout], [], [], seconds)
    return bool(ready) and holder.stdout.readline() == "held\n"


def test_a_worker_waits_for_a_slot_until_another_lets_go(tmp_path):
    holders = [_holder(tmp_path) for _ in range(SLOTS)]
    try:
        assert [_holds(h, 60) for h in holders] == [True] * SLOTS
        holders.append(_holder(tmp_path))
        assert not _holds(holders[-1], 1)  # every slot is taken: it waits
        holders[0].stdin.close()
        assert _holds(holders[-1], 60)
    finally:
        for holder in holders:
            with holder:  # closes its pipes
                holder.kill()


def test_a_worker_holding_a_slot_runs_a_second_campus_up_without_another(tmp_path):
    others = [_holder(tmp_path) for _ in range(SLOTS - 1)]
    try:
        assert all(_holds(other, 60) for other in others)
        with up_slot(tmp_path), up_slot(tmp_path):  # every slot is taken, the nested one too
            pass
    finally:
        for other in others:
            with other:
                other.kill()
