"""A loopback HTTP server per service, on its own thread, that stops fast and leaves nothing.

Django's ThreadedWSGIServer answers with HTTP/1.1 keep-alive, so a pooled client holds
connections open and their handler threads wait on them. Stopping therefore has three steps:
stop accepting, let requests in flight finish, then close the open connections so every handler
thread ends.
"""

import contextlib
import json
import socket
import threading
from http import HTTPStatus

from django.core.servers.basehttp import ServerHandler, ThreadedWSGIServer, WSGIRequestHandler

from campus.errors import error_body

__all__ = ["LoopbackServer"]

HOST = "127.0.0.1"  # never another interface: these servers are for this machine only


class _Handler(WSGIRequestHandler):
    # The status line and the body go out as separate writes; without this, Nagle's algorithm
    # and the peer's delayed ACK add ~40 ms to every keep-alive answer.
    disable_nagle_algorithm = True
    # A client that goes quiet (idle keep-alive, or a body shorter than its Content-Length) is
    # cut off after this long instead of holding a thread forever.
    timeout = 10

    def send_error(self, code, message=None, explain=None):
        # The HTTP layer refuses some requests before Django sees them (a garbled request line,
        # a URL or headers too long). Answer those in the JSON shape of every other error, not
        # in http.server's HTML page.
        phrase = HTTPStatus(code).phrase
        text = message or phrase
        self.log_error("code %d, message %s", code, text)
        body = json.dumps(error_body(phrase.lower().replace(" ", "_"), text)).encode()
        self.send_response(code, phrase)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_one_request(self):
        # Django's own method, but with `_ServerHandler`: Django hard-codes its ServerHandler.
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():  # an error was sent already
            return
        handler = _ServerHandler(self.rfile, self.wfile, self.get_stderr(), self.get_environ())
        handler.request_handler = self
        handler.run(self.server.get_app())


class _ServerHandler(ServerHandler):
    def close(self):
        # Django drains the unread body here. After a read timed out (the body never came and
        # a 408 was sent) the socket cannot be read again; the connection closes either way.
        with contextlib.suppress(OSError):
            self.get_stdin().read()
        super(ServerHandler, self).close()


class _Server(ThreadedWSGIServer):
    def __init__(self, port: int):
        super().__init__((HOST, port), _Handler, allow_reuse_address=True)
        self.connections: set[socket.socket] = set()
        self.handler_threads: set[threading.Thread] = set()
        self.lock = threading.Lock()

    def process_request(self, request, client_address):
        thread = threading.Thread(
            target=self._serve_connection, args=(request, client_address), daemon=True
        )
        with self.lock:
            self.connections.add(request)
            self.handler_threads.add(thread)
        thread.start()

    def _serve_connection(self, request, client_address):
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self.lock:
                self.connections.discard(request)
                self.handler_threads.discard(threading.current_thread())

    def close_connections(self) -> list[threading.Thread]:
        with self.lock:
            connections, threads = list(self.connections), list(self.handler_threads)
        for connection in connections:
            # Only the reading side: a handler waiting for the next request sees the end of the
            # stream and ends, while one still writing an answer finishes writing it (the app
            # has returned, but the server sends the body afterwards).
            with contextlib.suppress(OSError):  # already closed by the peer
                connection.shutdown(socket.SHUT_RD)
        return threads


class LoopbackServer:
    """Serves one WSGI app on 127.0.0.1; port 0 picks a free port.

    >>> server = LoopbackServer(name="catalog").start(app)   # doctest: +SKIP
    >>> server.url                                # doctest: +SKIP
    'http://127.0.0.1:40123'
    >>> server.stop()                             # doctest: +SKIP
    """

    def __init__(self, *, name: str = "service", port: int = 0):
        # Binding happens here, before any app exists, so every service's URL is known before
        # the services that call it are wired.
        self.name, self.app = name, None
        self._server = _Server(port)
        self.port = self._server.server_address[1]
        self.url = f"http://{HOST}:{self.port}"
        self._thread: threading.Thread | None = None

    def start(self, app) -> "LoopbackServer":
        self.app = app
        self._server.set_app(app)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},  # shutdown() waits up to one poll interval
            name=f"campus-{self.name}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, *, grace: float = 1.0) -> None:
        if self._thread is None:  # bound but never served: nothing to wait for
            self._server.server_close()
            return
        self._server.shutdown()  # no new connections
        wait_idle = getattr(self.app, "wait_idle", None)
        if wait_idle is not None:
            wait_idle(grace)  # requests in flight finish
        for thread in self._server.close_connections():
            thread.join(grace)
        self._server.server_close()
        self._thread.join(grace)
        self._thread = None
