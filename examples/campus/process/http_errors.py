"""gunicorn's own refusals in the one error shape, as JSON.

gunicorn refuses a request it cannot parse before Django sees it: a garbled request line or
header (400), a request line over ``limit_request_line`` (414), too many or too large headers
(431), an unknown transfer coding (501). It writes those answers with ``gunicorn.util.
write_error``, as an HTML page. A client of these JSON APIs gets every refusal in the shape of
`campus.errors.error_body` instead, with the same status and gunicorn's own message, exactly as
the in-process runtime's server refuses them (`campus.assembly.refusals`).

Installed in each worker by ``post_worker_init`` in `campus.process.gunicorn_conf`, after the
application (and so Django) is loaded.
"""

from gunicorn import util

__all__ = ["install", "write_json_error"]


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """What ``gunicorn.util.write_error(sock, status_int, reason, mesg)`` writes, as JSON."""
    # Imported here: gunicorn loads this module (through its worker class) before Django is.
    from campus.assembly.refusals import refusal_response

    message = mesg if status_int < 500 else "The server failed."  # a 500 tells nothing inside
    status, headers, body = refusal_response(status_int, message or reason)
    head = [f"HTTP/1.1 {status}", "Connection: close", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in headers]
    util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def install() -> None:
    # A patch of gunicorn's internals, not an API: gunicorn offers no hook for its own
    # refusals, and its workers call util.write_error by its module attribute, so this one
    # assignment reaches every refusal they write, and nothing else. It is here so that a
    # client of these JSON APIs gets every refusal in one shape. What would replace it: a
    # buffering proxy in front (nginx, as gunicorn's deployment docs advise), which refuses
    # malformed requests itself, with error pages of our choosing, before gunicorn sees them.
    util.write_error = write_json_error
