"""Wait until something is true, asking again at an interval, within a timeout (tenacity).

    >>> wait_until(lambda: server.poll() is None and answers(), timeout=30, interval=0.02,
    ...            what="postgres to accept connections")                  # doctest: +SKIP

Raises ``TimeoutError`` naming ``what``; an exception of a type in ``ignore`` counts as "not
yet", any other goes through at once.
"""

from collections.abc import Callable
from typing import TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_delay,
    wait_fixed,
)

__all__ = ["wait_until"]

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T],
    *,
    timeout: float,
    interval: float,
    what: str,
    ignore: tuple[type[BaseException], ...] = (),
) -> T:
    """``predicate()``'s first truthy answer, asked every ``interval`` seconds; TimeoutError
    ("waited 30 s for postgres to accept connections") after ``timeout`` seconds, chained to the
    last exception ignored, if the last answer was one."""

    def timed_out(state: RetryCallState):
        last = state.outcome.exception() if state.outcome.failed else None
        raise TimeoutError(f"waited {timeout:g} s for {what}") from last

    retrying = Retrying(
        retry=retry_if_result(lambda answer: not answer) | retry_if_exception_type(ignore),
        stop=stop_after_delay(timeout),
        wait=wait_fixed(interval),
        retry_error_callback=timed_out,
    )
    return retrying(predicate)
