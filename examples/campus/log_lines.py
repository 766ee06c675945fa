"""One log record, one line, and what a client sends cannot write more than that.

A client controls many values that reach a log message: a path, a header, a query, a token's
claims, a trace header. Two guards sit on every handler campus configures (`campus.django_base`,
and gunicorn's own loggers in `campus.process.gunicorn_conf`):

- `OneLineFormatter` escapes every control character of the finished record (C0, DEL, C1, and
  Unicode's line and paragraph separators), its traceback included: a record is one line, a
  client cannot forge another line (CWE-117) or send escape sequences to an operator's terminal;
- `OncePerRequest` lets through at most one record per request from loggers outside ``campus``:
  a library that warns once per bad list member (OpenTelemetry's baggage and tracestate
  parsers) would otherwise write a line for every member one bad header holds.

    >>> line = OneLineFormatter("%(message)s").format(
    ...     logging.makeLogRecord({"msg": "GET %s", "args": ("/a\\r\\nFAKE",)}))
    >>> line
    'GET /a\\\\r\\\\nFAKE'
"""

import contextvars
import logging
from contextlib import contextmanager

__all__ = ["OncePerRequest", "OneLineFormatter", "line_escape", "request_log_budget"]

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROLS = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]
_ESCAPES = str.maketrans({c: _NAMED.get(chr(c), f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}")
                          for c in _CONTROLS})  # fmt: skip
OWN_LOGGERS = "campus"


def line_escape(text: str) -> str:
    """``text`` with every control character written as its escape (``\\r``, ``\\x1b``).

    >>> line_escape("a\\x1b[31mb")
    'a\\\\x1b[31mb'
    """
    return text.translate(_ESCAPES)


class OneLineFormatter(logging.Formatter):
    """A `logging.Formatter` whose every record is exactly one line (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        return line_escape(super().format(record))


# The records outside campus already let through in the request being served (None: no request).
_library_records: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "campus_library_records", default=None
)


@contextmanager
def request_log_budget():
    """Inside the block (one request being served), `OncePerRequest` keeps its budget."""
    token = _library_records.set([])
    try:
        yield
    finally:
        _library_records.reset(token)


class OncePerRequest(logging.Filter):
    """Keeps campus's own records; of the others, only the first of each request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == OWN_LOGGERS or record.name.startswith(OWN_LOGGERS + "."):
            return True
        seen = _library_records.get()
        if seen is None:  # outside a request: start-up, a worker's loop
            return True
        seen.append(record.name)
        return len(seen) == 1
