"""A process that dies with its parent: Linux's parent-death signal (``prctl(PR_SET_PDEATHSIG)``).

``campus up`` can be killed outright (SIGKILL, the OOM killer): no handler of its own runs then,
so each process it started must notice by itself that its parent is gone, or it runs on, an
orphan holding its port and its database connections. Two ways to ask for that signal, one for
this process and one for a command about to be run:

    >>> die_with_parent(signal.SIGTERM, parent=server_pid)  # doctest: +SKIP
    >>> dying_with_parent(["redis-server"])                 # doctest: +SKIP
    ['setpriv', '--pdeathsig=TERM', '--', 'redis-server']

Elsewhere than Linux both leave things as they are.
"""

import ctypes
import os
import shutil
import sys

__all__ = ["die_with_parent", "dying_with_parent"]

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(signum: int, *, parent: int) -> None:
    """This process gets ``signum`` when the thread that started it ends. ``parent`` is the pid
    of the process that started it: if that one is not our parent any more, it died before the
    signal was asked for, which will then never come, so this process exits at once."""
    if sys.platform != "linux":
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signum)
    if os.getppid() != parent:
        os._exit(1)


def dying_with_parent(command: list[str], signame: str = "TERM") -> list[str]:
    """``command`` run so that it gets ``SIG<signame>`` when its parent dies (util-linux's
    ``setpriv --pdeathsig``, which sets it after any change of user, which would clear it);
    as it is where there is no setpriv."""
    if sys.platform != "linux" or shutil.which("setpriv") is None:
        return command
    return ["setpriv", f"--pdeathsig={signame}", "--", *command]
