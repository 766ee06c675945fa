"""Reads the fault table the event benchmarks print, so their tests check every figure."""

import re
import subprocess
import sys

ROW = re.compile(
    r"^\((?P<letter>[abcd])\) .+?\s+(?P<issued>\d+)\s+(?P<certs>\d+)\s+(?P<lost>\d+)"
    r"\s+(?P<twice>\d+)\s+(?P<dupes>\d+)\s+(?P<poison>\d+)/(?P<injected>\d+)\s+(?P<other>\d+)"
    r"\s+[\d.]+\s+(?P<verdict>ok|FAILED)$"
)


def faults_run(module: str, *args: str, timeout: float) -> tuple[int, dict[str, dict], str]:
    """Run ``python -m module args``: its exit code, its rows by letter, and what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    rows = {}
    for line in done.stdout.splitlines():
        match = ROW.match(line)
        if match:
            rows[match["letter"]] = match.groupdict()
    return done.returncode, rows, done.stdout + done.stderr


def nothing_lost_and_nothing_twice(row: dict, n: int) -> bool:
    numbers = {k: int(v) for k, v in row.items() if k not in ("letter", "verdict")}
    return (
        numbers["issued"] == numbers["certs"] == n
        and numbers["lost"] == numbers["twice"] == numbers["other"] == 0
        and numbers["poison"] == numbers["injected"] == 2
        and row["verdict"] == "ok"
    )
