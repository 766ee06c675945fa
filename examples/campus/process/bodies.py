"""Request bodies read whole before Django runs: with a length, chunked, stalled or too large.

gunicorn hands the application a stream; Django reads ``CONTENT_LENGTH`` bytes of it when a view
first asks for the body. Three things went wrong there. A chunked body (RFC 9112 requires an
HTTP/1.1 server to read one; gunicorn decodes it) has no ``CONTENT_LENGTH``, so Django saw an
empty body and answered that every field was missing. A body over Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` was a 400. And a body that stopped coming failed inside the
view, a 500. This middleware reads the body first, as the in-process server (waitress) does
before its app runs, and answers in the JSON error shape:

- over the limit: 413, before reading it (with a length) or once past it (chunked);
- no byte for `campus.process.gunicorn_worker.READ_TIMEOUT_S`: 408;
- fewer bytes than its length before the client closed: 400.

Django then gets the bytes and their length.

    >>> application = RequestBodies(django_app, limit=65536)    # doctest: +SKIP
"""

import io

from .gunicorn_worker import READ_TIMEOUT_S, Stalled

__all__ = ["RequestBodies"]


class RequestBodies:
    """WSGI middleware: ``app`` gets every body whole, as bytes with a ``CONTENT_LENGTH``."""

    # Here because gunicorn hands over the body as it arrives, from a slow client or chunked,
    # with no limit, and its stalls surface through the worker's patched socket
    # (`campus.process.gunicorn_worker`). What would replace it: a buffering proxy in front
    # (nginx, as gunicorn's deployment docs advise), which reads each body whole before
    # gunicorn sees it, answers 413 over its size limit and 408 when the client stalls, and
    # passes a chunked body on with its length.
    def __init__(self, app, *, limit: int):
        self.app, self.limit = app, limit

    def __call__(self, environ, start_response):
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        length = environ.get("CONTENT_LENGTH") or ""
        if not chunked and not length.isdigit():
            return self.app(environ, start_response)  # no body (gunicorn refuses a bad length)
        if not chunked and int(length) > self.limit:
            return _refuse(
                start_response, 413, f"The body is {length} bytes; the limit is {self.limit}."
            )
        wanted = self.limit + 1 if chunked else int(length)
        try:
            body = _read(environ["wsgi.input"], wanted)
        except Stalled:
            return _refuse(start_response, 408, f"No byte of the body came for {READ_TIMEOUT_S} s.")
        if chunked and len(body) > self.limit:
            return _refuse(start_response, 413, f"The body is over {self.limit} bytes, the limit.")
        if not chunked and len(body) < wanted:
            message = f"The body ended after {len(body)} of its {wanted} bytes."
            return _refuse(start_response, 400, message)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)


def _read(stream, wanted: int) -> bytes:
    parts, got = [], 0
    while got < wanted:
        part = stream.read(wanted - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _refuse(start_response, code: int, message: str) -> list[bytes]:
    # Imported here: gunicorn loads this module before Django is set up.
    from campus.assembly.refusals import refusal_response

    status, headers, body = refusal_response(code, message)
    start_response(status, [*headers, ("Content-Length", str(len(body))), ("Connection", "close")])
    return [body]
