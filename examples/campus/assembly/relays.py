"""Outbox relays on a thread of the platform's process: what ``campus relay`` does in a process
of its own, here for the notebooks and ``campus serve``.

A relay wakes every ``poll_s`` seconds, or at once when a producer's transaction commits
(the outbox's ``on_commit`` hint), publishes what its outbox holds, and sleeps again. A failing
bus (a broker down) is retried with a doubling pause of up to ``max_pause_s``.
"""

import logging
import threading
import time

from django.db import connections

from campus.events.outbox import OutboxRelay

from .databases import DatabaseScope, database_scope

__all__ = ["OutboxRelays", "RelayThread", "relay_loop"]

logger = logging.getLogger(__name__)


def relay_loop(
    relay: OutboxRelay,
    *,
    stop: threading.Event,
    wake: threading.Event,
    poll_s: float = 0.05,
    max_pause_s: float = 1.0,
    on_pass=None,
) -> None:
    """Relay until ``stop`` is set. ``on_pass(published)`` runs after every pass (-1: failed)."""
    pause = poll_s
    while not stop.is_set():
        try:
            published = relay.relay_once()
        except Exception as error:
            logger.warning("outbox relay failed, retrying in %.2f s: %r", pause, error)
            published, pause = -1, min(pause * 2, max_pause_s)
        else:
            pause = poll_s
        if on_pass is not None:
            on_pass(published)
        if published <= 0 or stop.is_set():
            wake.wait(pause)
            wake.clear()


class OutboxRelays:
    """A service's outboxes relayed in one loop, each pass over every one: its events, then its
    tasks (`campus.events.task_outbox`). A failing one does not stop the others; its error is
    raised once all have had their turn."""

    def __init__(self, *relays: OutboxRelay):
        self.relays = relays

    def relay_once(self) -> int:
        published, failure = 0, None
        for relay in self.relays:
            try:
                published += relay.relay_once()
            except Exception as error:
                failure = failure or error
        if failure is not None:
            raise failure
        return published


class RelayThread:
    """One relay over one service's outbox, run as ``scope.service`` on its own thread."""

    def __init__(self, relay, scope: DatabaseScope, *, poll_s: float = 0.05):
        """``relay``: an `OutboxRelay`, or `OutboxRelays`."""
        self.relay, self.scope, self.poll_s = relay, scope, poll_s
        self.wake = threading.Event()  # set by the outbox after each commit
        self._stop = threading.Event()
        self._passes = threading.Condition()
        self._passed_count = 0  # passes finished
        self._idle = 0  # the number of the last finished pass that found nothing to publish
        self._thread: threading.Thread | None = None

    def start(self) -> "RelayThread":
        self._stop.clear()
        name = f"campus-relay-{self.scope.service}"
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self.wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait for a pass that began after this call and found the outbox empty."""
        deadline = time.monotonic() + timeout
        with self._passes:
            # The pass running now may have begun before this call; the one after it did not.
            wanted = self._passed_count + 2
            while self._idle < wanted:
                self.wake.set()
                left = deadline - time.monotonic()
                if left <= 0 or self._thread is None:
                    return False
                self._passes.wait(left)
        return True

    def _run(self) -> None:
        try:
            with database_scope(self.scope):
                relay_loop(
                    self.relay,
                    stop=self._stop,
                    wake=self.wake,
                    poll_s=self.poll_s,
                    on_pass=self._passed,
                )
        finally:
            connections.close_all()  # this thread's connections: the next start resets the files

    def _passed(self, published: int) -> None:
        with self._passes:
            self._passed_count += 1
            if published == 0:
                self._idle = self._passed_count
            self._passes.notify_all()
