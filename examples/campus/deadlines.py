"""Deadlines: the moment by which a call must be over, kept by every socket operation under it.

requests' ``timeout`` (urllib3's ``Timeout``, even with ``total=``) bounds the connect and each
*single* socket read, not a whole answer: a neighbour that dribbles its answer a byte at a time,
each within the read timeout, keeps the caller waiting for ever. So the sockets of
`DeadlineAdapter` arm themselves before every receive and send with the time left until the
`Deadline` current in this context (`deadline_scope`), and fail with ``TimeoutError`` once it has
passed: connect, headers and body together end by the deadline.

    >>> session.mount("http://", DeadlineAdapter())        # doctest: +SKIP
    >>> with deadline_scope(Deadline.after(2.0)):            # doctest: +SKIP
    ...     session.get(url, timeout=2.0)
"""

import contextvars
import re
import socket
import time
from contextlib import contextmanager
from dataclasses import dataclass

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection
from urllib3.connectionpool import HTTPConnectionPool

from campus.context_scope import context_set

__all__ = [
    "DEADLINE_HEADER",
    "REQUEST_START_HEADER",
    "Deadline",
    "DeadlineAdapter",
    "InvalidDeadline",
    "current_deadline",
    "deadline_from_header",
    "deadline_scope",
    "queued_since_header",
]

# The time the caller still waits, in whole milliseconds, sent with every call between services
# so the callee can stop working for a caller that has given up. Relative, like gRPC's
# ``grpc-timeout``, because two machines' clocks do not agree on an absolute moment.
DEADLINE_HEADER = "X-Deadline-Ms"
_MAX_DEADLINE_MS = 600_000  # ten minutes: a longer wait is no deadline at all
# When the proxy in front of a service handed a request on, ``t=`` and seconds since the epoch
# (nginx's ``$msec``; the name and form Heroku's router and New Relic use). The time since was
# spent in the server's backlog, waiting for a free worker: it counts against the deadline.
REQUEST_START_HEADER = "X-Request-Start"
_REQUEST_START = re.compile(r"t=([0-9]{1,12}(?:\.[0-9]{1,6})?)")


@dataclass(frozen=True)
class Deadline:
    """A moment on this process's monotonic clock (``time.monotonic()``, seconds).

    A value, so it can be handed down a call chain (and later, as the time remaining, in a
    request header to the next service).
    """

    at: float
    # Set by the service's caller to less than the service would allow itself (under half its
    # own budget): running out of it is the caller's choice, not a slow neighbour's fault.
    short: bool = False

    @classmethod
    def after(cls, seconds: float, *, short: bool = False) -> "Deadline":
        """The deadline ``seconds`` from now."""
        return cls(time.monotonic() + seconds, short)

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.at - time.monotonic())

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.at

    def header_value(self) -> str:
        """The `DEADLINE_HEADER` value: whole milliseconds left (0 once passed)."""
        return str(int(self.remaining() * 1000))


class InvalidDeadline(ValueError):
    """A header that sets the deadline, in a form it cannot have: a `DEADLINE_HEADER` that is
    not whole milliseconds in range, a `REQUEST_START_HEADER` that is not a moment."""


def deadline_from_header(value: str) -> Deadline:
    """The deadline a caller sent: ``"850"`` is 850 ms from now. Raises `InvalidDeadline`
    for anything but 0 to 600000 written in digits."""
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > _MAX_DEADLINE_MS:
        raise InvalidDeadline(
            f"{DEADLINE_HEADER} must be whole milliseconds from 0 to {_MAX_DEADLINE_MS}, "
            f"not {value[:40]!r}"
        )
    return Deadline.after(int(text) / 1000)


def queued_since_header(value: str) -> float:
    """Seconds since the proxy's `REQUEST_START_HEADER` (``"t=1765000000.123"``), 0 if that is
    still to come (clocks read a moment apart). Raises `InvalidDeadline` for any other form."""
    match = _REQUEST_START.fullmatch(value.strip())
    if match is None:
        raise InvalidDeadline(
            f"{REQUEST_START_HEADER} must be t= and seconds since the epoch, not {value[:40]!r}"
        )
    return max(0.0, time.time() - float(match[1]))


_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "campus_deadline", default=None
)


def current_deadline() -> Deadline | None:
    """The deadline of the work this context is doing (a request being served), if any."""
    return _current.get()


@contextmanager
def deadline_scope(deadline: Deadline):
    """Make ``deadline`` the one the sockets of `DeadlineAdapter` keep, inside the block."""
    with context_set(_current, deadline):
        yield deadline


class _DeadlineSocket(socket.socket):
    def _arm(self) -> None:
        deadline = _current.get()
        if deadline is None:
            return  # outside any scope: the timeout urllib3 set applies
        left = deadline.remaining()
        if left <= 0:
            raise TimeoutError("the deadline has passed")
        self.settimeout(left)

    def recv_into(self, buffer, nbytes=0, flags=0):  # what http.client's reads come down to
        self._arm()
        return super().recv_into(buffer, nbytes, flags)

    def recv(self, bufsize, flags=0):
        self._arm()
        return super().recv(bufsize, flags)

    def sendall(self, data, flags=0):
        self._arm()
        return super().sendall(data, flags)

    def send(self, data, flags=0):
        self._arm()
        return super().send(data, flags)


class _DeadlineConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        plain = super()._new_conn()
        timeout = plain.gettimeout()
        armed = _DeadlineSocket(fileno=plain.detach())  # same connection, options kept
        armed.settimeout(timeout)
        return armed


class _DeadlinePool(HTTPConnectionPool):
    ConnectionCls = _DeadlineConnection


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter for ``http://`` whose connections keep the current `Deadline`."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _DeadlinePool}
