"""gunicorn's own refusals in the one error shape, as JSON.

nginx reads every request before gunicorn does (`campus.process.proxy`) and refuses, as JSON,
what it finds malformed, and gunicorn's size limits are raised past nginx's. One kind still gets
through: a header value with a control character (``X-A: a\x01b``), which nginx passes on and
gunicorn refuses with a 400. gunicorn writes that answer, like all its refusals, with
``gunicorn.util.write_error``, as an HTML page, and nginx hands it to the client. A client of
these JSON APIs gets it in the shape of `campus.errors.error_body` instead, with the same status
and gunicorn's own message.

Installed in each worker by ``post_worker_init`` in `campus.process.gunicorn_conf`, after the
application (and so Django) is loaded.
"""

from gunicorn import util

from campus.assembly.refusals import refusal_response

__all__ = ["install", "write_json_error"]


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """What ``gunicorn.util.write_error(sock, status_int, reason, mesg)`` writes, as JSON."""
    message = mesg if status_int < 500 else "The server failed."  # a 500 tells nothing inside
    status, headers, body = refusal_response(status_int, message or reason)
    head = [f"HTTP/1.1 {status}", "Connection: close", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in headers]
    util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def install() -> None:
    # A patch of gunicorn's internals, not an API: gunicorn offers no hook for its own
    # refusals, and its workers call util.write_error by its module attribute, so this one
    # assignment reaches every refusal they write, and nothing else. nginx cannot do this part:
    # it passes header values with control characters on (it checks names, not values), and it
    # cannot rewrite gunicorn's 400 without rewriting the application's own JSON 400s too.
    util.write_error = write_json_error
