"""A process's code loaded with Python's cyclic garbage collector paused, then frozen.

Importing Django, the apps and the libraries makes a few hundred thousand objects that live as
long as the process. The collector walks them again and again while they are made, and once
more when the process exits: about a quarter of the CPU time a campus process took to start,
measured here, and most of what its interpreter took to shut down. Paused while they load and
frozen afterwards (`gc.freeze`: moved where no collection looks), they cost neither; every
object made later is collected as usual. A gunicorn master that loads the app and then forks
its workers is the case Python's documentation of `gc.freeze` describes: frozen before the
fork, the loaded objects' pages also stay shared with the workers.

    >>> with loading():
    ...     import json
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["loading", "loading_done", "loading_starts", "stopped"]


def loading_starts() -> None:
    """Pause the collector: what is made from now on is the process's code and settings."""
    gc.disable()


def loading_done() -> None:
    """Freeze what is loaded and collect again."""
    gc.freeze()
    gc.enable()


@contextmanager
def loading() -> Iterator[None]:
    """`loading_starts` on entry, `loading_done` on exit, whatever the exit."""
    loading_starts()
    try:
        yield
    finally:
        loading_done()


def stopped() -> None:
    """Freeze every object before the interpreter's teardown, which would collect them all once
    more: up to a second of a busy machine for `campus up` once everything it ran had stopped."""
    gc.freeze()
