"""The learner's token, carried from the request being served to the calls it makes.

Set by `campus.tokens.drf.BearerAuthentication` once the inbound token has verified, cleared by
the app around every request (`request_scope`), read by `campus.tokens.client.ServiceAuth`. A
context variable, like `campus.http.current_request_id`, so each request thread sees its own.
"""

import contextvars
from contextlib import contextmanager

from campus.context_scope import context_set

__all__ = ["inbound_token", "inbound_token_set", "request_scope"]

_inbound: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "campus_inbound_token", default=None
)


def inbound_token() -> str | None:
    """The verified token of the person the current request acts for, or None."""
    return _inbound.get()


def inbound_token_set(token: str) -> None:
    _inbound.set(token)


@contextmanager
def request_scope():
    """Around one request: it starts with no token and leaves none behind for the next."""
    with context_set(_inbound, None):
        yield
