"""The platforms this process runs, one per architecture (they share database files), and a
sign-in that follows whichever is up.

    >>> http.auth = campus.embedded.login("instructor")   # doctest: +SKIP
    >>> campus.embedded.stop_all()                         # doctest: +SKIP
"""

import threading

from campus.http import ServiceUnavailable
from campus.registry import IDENTITY
from campus.tokens.client import PasswordGrant, TokenAuth
from campus.tokens.endpoints import LEARNER_APP, TOKEN_PATH

__all__ = ["login", "running", "running_forget", "running_swap", "stop_all"]

_running: dict = {}  # architecture -> its Platform
_lock = threading.Lock()


def running_swap(arch: str, platform):
    """Record ``platform`` (or None) as the one running ``arch``; return the one it replaces."""
    with _lock:
        previous = _running.pop(arch, None)
        if platform is not None:
            _running[arch] = platform
        return previous


def running_forget(arch: str, platform) -> None:
    """``platform`` has stopped: forget it, unless another has replaced it already."""
    with _lock:
        if _running.get(arch) is platform:
            del _running[arch]


def running() -> dict:
    """The running platforms, by architecture."""
    with _lock:
        return dict(_running)


def stop_all() -> None:
    """Stop every platform this process started; safe to call twice."""
    for platform in running().values():
        platform.stop()


class _AnyRunningPlatform(PasswordGrant):
    """The password grant at the identity provider of whichever platform is running when a
    token is needed: every platform of this process signs with one key (`settings.ISSUER`)."""

    def __init__(self, username: str):
        super().__init__(token_url="", client_id=LEARNER_APP, username=username, password="")

    def _fetch(self):
        platforms = running()
        if not platforms:
            raise ServiceUnavailable("identity", "no platform is running in this process")
        platform = next(iter(platforms.values()))
        self.token_url = platform.url(IDENTITY) + TOKEN_PATH
        self._password = platform.demo_password
        return super()._fetch()


def login(username: str) -> TokenAuth:
    """A ``requests`` auth for demo account ``username``, good on every platform this process
    runs, whichever is up when its token is renewed:

        >>> http.auth = campus.embedded.login("instructor")   # doctest: +SKIP
    """
    return TokenAuth(_AnyRunningPlatform(username))
