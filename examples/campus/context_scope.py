"""A context variable set for the length of a block: what each request's scopes are made of.

>>> import contextvars
>>> colour = contextvars.ContextVar("colour", default="none")
>>> with context_set(colour, "red"):
...     colour.get()
'red'
>>> colour.get()
'none'
"""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["context_set"]

T = TypeVar("T")


@contextmanager
def context_set(variable: contextvars.ContextVar[T], value: T) -> Iterator[T]:
    """``variable`` is ``value`` inside the block, in this context only (a thread or a task sees
    its own), and what it was before once the block ends, however it ends."""
    token = variable.set(value)
    try:
        yield value
    finally:
        variable.reset(token)
