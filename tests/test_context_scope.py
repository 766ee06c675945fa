"""A context variable set for a block is put back however the block ends, in its context only."""

import contextvars
import threading

import pytest

from campus.context_scope import context_set

colour = contextvars.ContextVar("colour", default="none")


def test_the_value_is_put_back_when_the_block_raises():
    with pytest.raises(RuntimeError), context_set(colour, "red"):
        assert colour.get() == "red"
        raise RuntimeError
    assert colour.get() == "none"


def test_another_thread_does_not_see_the_value():
    seen = []
    with context_set(colour, "red"):
        thread = threading.Thread(target=lambda: seen.append(colour.get()))
        thread.start()
        thread.join()
    assert seen == ["none"]
