"""A request sent on a thread of its own, handed back once the server is busy answering it: what
a lesson needs to stop a server while a request is in flight.

    >>> request = sent_while_busy(platform.apps["catalog"], requests.get, url)  # doctest: +SKIP
    >>> platform.stop()                                                # doctest: +SKIP
    >>> request.result().status_code                                   # doctest: +SKIP
    200
"""

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

__all__ = ["sent_while_busy"]


def sent_while_busy(app, call: Callable, *args, wait_s: float = 5.0, **kwargs) -> Future:
    """Run ``call(*args, **kwargs)`` on a new thread and return its future once ``app`` (a
    `campus.assembly.wsgi_app` service app) has a request in flight. Raises TimeoutError if none
    is seen within ``wait_s`` seconds."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notebook-request")
    future = pool.submit(call, *args, **kwargs)
    pool.shutdown(wait=False)  # the thread ends with its one call
    deadline = time.monotonic() + wait_s
    while app.wait_idle(0):  # True while no request is in flight
        if future.done() or time.monotonic() > deadline:
            raise TimeoutError(f"the request was not seen in flight within {wait_s} s")
        time.sleep(0.005)
    return future
