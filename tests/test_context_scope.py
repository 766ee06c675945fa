"""A context variable set for a block is put back however the block ends, in its context only."""

import contextvars
import threading

import pytest

from campus.context_scope import context_set

colour = contextvars.ContextVar("colour", default="none")


def _fail_inside_the_block(seen):
    with context_set(colour, "red"):
        seen.append(colour.get())
        raise RuntimeError


def test_the_value_is_put_back_when_the_block_raises():
    seen = []
    with pytest.raises(RuntimeError):
        _fail_inside_the_block(seen)
    assert seen == ["red"]
    assert colour.get() == "none"


def test_another_thread_does_not_see_the_value():
    seen = []
    with context_set(colour, "red"):
        thread = threading.Thread(target=lambda: seen.append(colour.get()))
        thread.start()
        thread.join()
    assert seen == ["none"]
