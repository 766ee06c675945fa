"""A loopback HTTP server per service, on its own thread, that stops fast and leaves nothing.

The server is waitress's TCP server (what `waitress.create_server` builds, here around a socket
bound early): a maintained pure-Python WSGI server that parses HTTP/1.1 strictly, buffers each
request's whole body before the application runs, and answers from a small pool of worker
threads; `campus.embedded.framing` adds the rules it leaves open. Its event loop runs on one
thread per server. Stopping has four steps: stop accepting, let the requests in flight finish,
close the connections once their answers are written, then end the loop and the workers.
"""

import contextlib
import socket
import threading
import time

from django.conf import settings
from django.db import connections
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.task import ThreadedTaskDispatcher

from .framing import StrictServer

__all__ = ["CHANNEL_TIMEOUT_S", "LoopbackServer"]

HOST = "127.0.0.1"  # never another interface: these servers are for this machine only
# A connection silent this long is closed; one silent halfway through a request gets a 408.
# Whole seconds: waitress takes its timeouts as integers.
CHANNEL_TIMEOUT_S = 10
THREADS = 4  # workers per server; SQLite serialises the writes anyway
CONNECTION_LIMIT = 1000  # open connections; more wait in the listen backlog, never reset
BACKLOG = 1024
LOOP_TIMEOUT_S = 1  # the longest the event loop sleeps when nothing happens


class _Dispatcher(ThreadedTaskDispatcher):
    """waitress's worker pool, with named threads a stop can join, that close their databases."""

    def __init__(self, name: str):
        super().__init__()
        self.name, self.started = name, []

    def start_new_thread(self, target, thread_no):
        thread = threading.Thread(
            target=target, args=(thread_no,), name=f"campus-{self.name}-{thread_no}", daemon=True
        )
        self.started.append(thread)
        thread.start()

    def handler_thread(self, thread_no):
        try:
            super().handler_thread(thread_no)
        finally:
            # Each worker keeps its SQLite connections between requests (CONN_MAX_AGE=None).
            connections.close_all()

    def busy(self) -> bool:
        with self.lock:
            return bool(self.queue) or self.active_count > 0


class LoopbackServer:
    """Serves one WSGI app on 127.0.0.1; port 0 picks a free port.

    >>> server = LoopbackServer(name="catalog").start(app)   # doctest: +SKIP
    >>> server.url                                # doctest: +SKIP
    'http://127.0.0.1:40123'
    >>> server.stop()                             # doctest: +SKIP
    """

    def __init__(self, *, name: str = "service", port: int = 0):
        # Binding happens here, before any app exists, so every service's URL is known before
        # the services that call it are wired. Connections are accepted from `start` on.
        self.name, self.app = name, None
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._socket.bind((HOST, port))
        except OSError:
            self._socket.close()  # a port that is taken must not cost a descriptor too
            raise
        self.port = self._socket.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        self._server: StrictServer | None = None
        self._dispatcher: _Dispatcher | None = None
        self._thread: threading.Thread | None = None

    def start(self, app) -> "LoopbackServer":
        self.app = app
        timeout = CHANNEL_TIMEOUT_S
        adjustments = Adjustments(
            threads=THREADS,
            connection_limit=CONNECTION_LIMIT,
            backlog=BACKLOG,
            channel_timeout=timeout,
            cleanup_interval=max(1, timeout // 10),  # how often stuck connections are looked at
            asyncore_loop_timeout=LOOP_TIMEOUT_S,  # bounds how late a cleanup runs when quiet
            max_request_header_size=64 * 1024,
            # waitress refuses a body of this size or more, before reading it
            max_request_body_size=settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1,
            asyncore_use_poll=True,  # what `_serve` uses too
            log_socket_errors=False,  # a client's reset is not the server's problem to print
            ident="campus",
        )
        self._dispatcher = _Dispatcher(self.name)
        self._dispatcher.set_thread_count(THREADS)
        # What `waitress.create_server` builds for an already bound socket, with our subclass.
        self._server = StrictServer(
            app, {}, adj=adjustments, dispatcher=self._dispatcher, _sock=self._socket,
            bind_socket=False, sockinfo=_sockinfo(self._socket),
        )  # fmt: skip
        self._stopping, self._closing = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._serve, name=f"campus-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self, *, grace: float = 1.0) -> None:
        """Stop accepting, give requests in flight up to ``grace`` seconds, then close all."""
        if self._thread is None:  # bound but never served: nothing to wait for
            self._socket.close()
            return
        server, dispatcher = self._server, self._dispatcher
        self._stopping.set()
        self._wake()
        ends = time.monotonic() + grace
        while (server.accepting or dispatcher.busy() or _unsent(server)) and (
            time.monotonic() < ends
        ):
            time.sleep(0.002)  # requests in flight finish and their answers go out
        self._closing.set()
        self._wake()
        self._thread.join(grace + LOOP_TIMEOUT_S)
        dispatcher.shutdown(timeout=grace)
        for thread in dispatcher.started:
            thread.join(grace)
        self._socket.close()
        self._server = self._dispatcher = self._thread = None

    def _serve(self) -> None:
        # waitress's own `run()` loop, which ends only when its map is empty, with the steps of
        # a stop taken on this thread: the only one that may touch the server's sockets.
        server = self._server
        while not self._closing.is_set():
            wasyncore.poll2(LOOP_TIMEOUT_S, server._map)  # poll(2): no 1024-descriptor limit
            if self._stopping.is_set() and server.accepting:
                # New connections are refused from here on; the port stays ours until `stop`
                # returns. Not server.close(): that would end the trigger too.
                server.accepting = False
                wasyncore.dispatcher.close(server)
        for channel in list(server.active_channels.values()):
            channel.handle_close()
        server.trigger.close()

    def _wake(self) -> None:
        """Make the loop look at the stop's flags now rather than within LOOP_TIMEOUT_S."""
        with contextlib.suppress(OSError):  # the trigger is gone only once the loop has ended
            self._server.pull_trigger()


def _sockinfo(sock: socket.socket):
    return (sock.family, sock.type, sock.proto, sock.getsockname())


def _unsent(server: StrictServer) -> bool:
    return any(c.requests or c.total_outbufs_len for c in list(server.active_channels.values()))
