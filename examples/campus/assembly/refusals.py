"""A request refused before any view ran, answered as every other campus error: JSON naming
the problem. Both servers' guards use it (waitress's in-process, gunicorn's under ``campus up``).

    >>> status, headers, body = refusal_response(413, "The body is too large.")
    >>> status
    '413 Request Entity Too Large'
"""

import json
import re
from http import HTTPStatus

from campus.error_shape import error_body

__all__ = ["refusal_response"]

# The codes whose reason phrase makes a poor error code.
_CODES = {408: "request_timeout", 413: "body_too_large"}


def refusal_response(code: int, message: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """The status line, headers and JSON body that refuse a request with ``code``."""
    reason = HTTPStatus(code).phrase
    name = _CODES.get(code) or re.sub(r"[^a-z]+", "_", reason.lower())
    body = json.dumps(error_body(name, message)).encode()
    return f"{code} {reason}", [("Content-Type", "application/json")], body
