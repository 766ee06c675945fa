"""A request sent on a thread of its own, handed back once the server is busy answering it: what
a lesson needs to stop a server while a request is in flight.

    >>> request = sent_while_busy(platform.apps["catalog"], requests.get, url)  # doctest: +SKIP
    >>> platform.stop()                                                # doctest: +SKIP
    >>> request.result().status_code                                   # doctest: +SKIP
    200
"""

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from campus.waits import wait_until

__all__ = ["sent_while_busy"]


def sent_while_busy(app, call: Callable, *args, wait_s: float = 5.0, **kwargs) -> Future:
    """Run ``call(*args, **kwargs)`` on a new thread and return its future once ``app`` (a
    `campus.assembly.wsgi_app` service app) has a request in flight. Raises TimeoutError if none
    is seen within ``wait_s`` seconds."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notebook-request")
    future = pool.submit(call, *args, **kwargs)
    pool.shutdown(wait=False)  # the thread ends with its one call

    def in_flight() -> bool:
        if future.done():
            raise TimeoutError("the request was answered before it was seen in flight")
        return not app.wait_idle(0)  # wait_idle: True while no request is in flight

    wait_until(in_flight, timeout=wait_s, interval=0.005, what="the request to be in flight")
    return future
