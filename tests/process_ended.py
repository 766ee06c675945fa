"""Whether a process has ended, for tests that kill one and wait for another to follow."""

import psutil

__all__ = ["process_ended"]


def process_ended(pid: int) -> bool:
    """True once ``pid`` is gone or a zombie (it exited and only its parent's wait is left)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True
