"""gunicorn's threaded worker with a read timeout: a request whose bytes stop coming gets a 408.

gunicorn's gthread worker hands a connection to a thread once its first bytes arrive and then
reads the request with blocking reads that never time out. A client that sends part of its
headers, or part of its body, and then nothing, holds that thread until it hangs up: four such
clients held every thread of a one-worker service, and ``/health`` stopped answering.

Each connection's socket gets a kernel receive timeout (``SO_RCVTIMEO``, `READ_TIMEOUT_S`): a
read that waits longer fails, and the client gets a 408 in the JSON error shape, as the
in-process server answers after the same silence (`campus.embedded.framing`). A client that
keeps sending a byte now and then is not stopped by this; gunicorn's own advice stands for a
deployment open to the internet: a buffering proxy in front.

    gunicorn --worker-class campus.process.gunicorn_worker.ReadTimeoutWorker ...
"""

import contextlib
import socket
import struct

from gunicorn.workers.gthread import ThreadWorker

from .http_errors import write_json_error

__all__ = ["READ_TIMEOUT_S", "ReadTimeoutWorker", "Stalled"]

READ_TIMEOUT_S = 10


class Stalled(Exception):
    """No byte of the request came for `READ_TIMEOUT_S` seconds."""


class _TimedSocket:
    """The connection's socket, its blocking reads bounded by ``SO_RCVTIMEO``."""

    __slots__ = ("_sock",)

    def __init__(self, sock: socket.socket):
        timeval = struct.pack("ll", READ_TIMEOUT_S, 0)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
        self._sock = sock

    def recv(self, size: int, *flags) -> bytes:
        try:
            return self._sock.recv(size, *flags)
        except BlockingIOError:
            if self._sock.gettimeout() is None:  # blocking mode: the kernel's timeout ran out
                raise Stalled from None
            raise

    def __getattr__(self, name):
        return getattr(self._sock, name)


class ReadTimeoutWorker(ThreadWorker):
    """gunicorn's ``gthread`` worker, with a 408 for a request that stalls."""

    # It wraps the socket of gunicorn's connection object, an internal: gunicorn has no read
    # timeout to set. It is here so that a stalled client cannot hold the service's threads.
    # What would replace it: a buffering proxy in front (nginx, as gunicorn's deployment docs
    # advise), which waits for slow clients itself and hands gunicorn whole requests only.
    def handle(self, conn):
        if not isinstance(conn.sock, _TimedSocket):
            conn.sock = _TimedSocket(conn.sock)
        return super().handle(conn)

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, Stalled):
            return super().handle_error(req, client, addr, exc)
        self.log.info("408: no byte of the request from %s in %s s", addr, READ_TIMEOUT_S)
        message = f"No byte of the request came for {READ_TIMEOUT_S} s."
        with contextlib.suppress(OSError):  # the client may have gone meanwhile
            write_json_error(client, 408, "Request Timeout", message)
        return None
