"""At most `SLOTS` pytest-xdist workers run `campus up` at a time.

A start runs about ten Python processes that each import Django: four workers starting at once
on two cores took longer than the 60 s `campus up` allows itself to become ready, and every
test of those workers failed. A worker takes a slot (an flock'ed file shared by the workers of
one run) before it starts one, and keeps it while it runs several.

    >>> with up_slot(folder):                    # doctest: +SKIP
    ...     Up("monolith").start()
"""

import contextlib
import fcntl
import time
from pathlib import Path

__all__ = ["SLOTS", "up_slot"]

SLOTS = 2
_depth = 0  # slots this worker holds nested: its second campus up needs no second slot


@contextlib.contextmanager
def up_slot(folder: Path):
    """Hold one of the run's slots in ``folder`` (shared by its workers) meanwhile."""
    global _depth
    if _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    with contextlib.ExitStack() as stack:
        stack.enter_context(_slot_taken(folder))
        _depth = 1
        try:
            yield
        finally:
            _depth = 0


@contextlib.contextmanager
def _slot_taken(folder: Path):
    files = [open(folder / f"campus-up-slot-{n}", "a") for n in range(SLOTS)]  # noqa: SIM115
    try:
        while True:
            for file in files:
                try:
                    fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                yield
                return
            time.sleep(0.2)
    finally:
        for file in files:
            file.close()  # closing lets go of the lock
