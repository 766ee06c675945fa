"""What waitress's HTTP/1.1 parser is told on top of its own rules, and how its refusals look.

waitress already parses request framing strictly (RFC 9112): a header line that is not
``name: value`` (a space before the colon), a Content-Length that is not digits only (``+89``,
``8_9``, two differing values joined as ``5, 7``) or an unknown Transfer-Encoding is refused
before the application runs, and the connection is closed. This module adds what it leaves open:

- a request line without ``HTTP/1.x`` (HTTP/0.9, or garbage) is refused as soon as its line
  ends, instead of waiting for a blank line that never comes;
- an HTTP/1.0 message with Transfer-Encoding has faulty framing (RFC 9112 section 6.1), and a
  message with both Transfer-Encoding and Content-Length is refused rather than guessed at;
- a body over the limit is refused without ``100 Continue`` first, so the client never sends it;
- a request whose bytes stop coming gets a 408 when the connection times out (waitress would
  close it silently), while an idle keep-alive connection is closed silently, as before;
- a request line too long is a 414, not a 431;
- every refusal is JSON in the one error shape (`campus.errors.error_body`).
"""

import contextlib
import re
import socket
from http import HTTPStatus

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import Error, RequestEntityTooLarge, RequestHeaderFieldsTooLarge

from campus.assembly.refusals import refusal_response

__all__ = ["Refusal", "StrictServer"]

# The classes below subclass waitress's parser, channel, task and server, which are its
# internals, not an API (waitress is pinned to one major version; tests/embedded/test_framing.py
# catches a change). They are here so that `campus serve` refuses bad framing and stalled
# clients as strictly as `campus up` does, in the one JSON error shape. What would replace
# them: a buffering proxy in front (nginx, as gunicorn's deployment docs advise), which reads
# each request whole and refuses bad ones before waitress sees them.

_VERSIONED = re.compile(rb"\S+ \S+ HTTP/1\.[01]")
_REQUEST_LINE = "The request line must be 'METHOD target HTTP/1.1' (or HTTP/1.0)."
# Stable codes clients already know from the application's own refusals.
_DRAIN_READS = 32  # of up to 64 KiB each


class Refusal(Error):
    """A request refused by the HTTP layer: status ``code`` and a message naming the problem."""

    def __init__(self, code: int, message: str):
        self.code, self.reason, self.body = code, HTTPStatus(code).phrase, message

    def to_response(self, ident=None) -> tuple[str, list[tuple[str, str]], bytes]:
        return refusal_response(self.code, self.body)


class _ErrorTask(ErrorTask):
    def execute(self):
        error = self.request.error
        if not isinstance(error, Refusal):  # waitress's own: same status, our shape
            message = error.body if error.code < 500 else "The server failed."
            if error.code == 501:  # waitress's only 501: a transfer coding it does not decode
                # It names what the request asked for (RFC 9110 15.6.2), so say what instead.
                message = "Only the chunked Transfer-Encoding is supported."
            self.request.error = Refusal(error.code, message)
        super().execute()  # sends Connection: close and closes once it is written


class _Parser(HTTPRequestParser):
    def received(self, data: bytes) -> int:
        pending = self.header_plus + data if self.body_rcv is None else b""
        consumed = super().received(data)
        if isinstance(self.error, RequestHeaderFieldsTooLarge) and b"\n" not in pending:
            self.error = Refusal(414, "The request line is too long.")
        elif isinstance(self.error, RequestEntityTooLarge):
            limit = self.adj.max_request_body_size - 1
            message = f"The body is {self.content_length} bytes; the limit is {limit}."
            self.error = Refusal(413, message)
        elif self.error is None and not self.headers_finished:
            # Judge the request line as soon as it ends: an HTTP/0.9 client sends no headers,
            # so the blank line waitress waits for never comes.
            first, newline, _ = pending.lstrip(b"\r\n").partition(b"\n")
            if newline and not _VERSIONED.fullmatch(first.rstrip(b"\r")):
                self.error = Refusal(400, _REQUEST_LINE)
                self.completed = self.headers_finished = True
        if self.error is not None:
            # Never invite a body that will not be read (waitress sends 100 Continue even then).
            self.expect_continue = False
        return consumed

    def parse_header(self, header_plus: bytes) -> None:
        # A ParsingError here becomes waitress's 400 (then ours, in `_ErrorTask`).
        super().parse_header(header_plus)
        if self.version not in ("1.0", "1.1"):  # HTTP/0.9 ("GET /"), or another version
            raise ParsingError(_REQUEST_LINE)
        if "TRANSFER_ENCODING" in self.headers:  # waitress keeps it only on HTTP/1.0
            raise ParsingError("An HTTP/1.0 request cannot use Transfer-Encoding.")
        if self.chunked and "CONTENT_LENGTH" in self.headers:
            # Two framings: a server and a proxy in front could each pick another one.
            raise ParsingError("Send Content-Length or Transfer-Encoding, not both.")


class _Channel(HTTPChannel):
    parser_class = _Parser
    error_task_class = _ErrorTask

    def handle_close(self):
        # A refusal is often sent before the request was read to its end. Closing a socket
        # with unread bytes makes the kernel send a reset, and the client may lose the answer
        # with it: say that nothing more comes, then discard what already arrived (bounded, so
        # a client that never stops sending cannot hold the event loop).
        sock = self.socket  # None once closed: a close may come twice
        with contextlib.suppress(OSError):
            if sock is not None:
                sock.shutdown(socket.SHUT_WR)
                for _ in range(_DRAIN_READS):
                    if not sock.recv(65536):
                        break
        super().handle_close()


class StrictServer(TcpWSGIServer):
    """waitress's TCP server with the rules above; built by `waitress.create_server`'s caller."""

    channel_class = _Channel

    def maintenance(self, now: float) -> None:
        # Runs on the event loop thread, every cleanup_interval. waitress closes a channel idle
        # for channel_timeout; one stuck halfway through a request is answered 408 instead.
        cutoff = now - self.adj.channel_timeout
        for channel in list(self.active_channels.values()):
            if channel.requests or channel.last_activity >= cutoff:
                continue
            with channel.requests_lock:
                stuck = channel.request
                if stuck is None or channel.will_close or channel.close_when_flushed:
                    channel.will_close = True  # idle keep-alive: close, print nothing
                    continue
                stuck.error = Refusal(408, "The request did not arrive in time.")
                stuck.completed, channel.request = True, None
                channel.requests.append(stuck)
            channel.last_activity = now
            self.add_task(channel)
