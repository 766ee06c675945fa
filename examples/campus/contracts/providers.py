"""Verify a provider against its consumers' pacts: Pact's verifier replays each interaction
against the running service, or asks for each message, and compares with what was promised."""

import contextlib
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pact import Verifier

__all__ = ["Verification", "http_verify", "messages_verify"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Verification:
    """``ok`` when every interaction held; ``output`` is the verifier's report, ``failures``
    the lines of it that say what broke."""

    ok: bool
    output: str

    @property
    def failures(self) -> list[str]:
        return [line.strip() for line in self.output.splitlines() if "->" in line]


def http_verify(
    provider: str, base_url: str, pacts: list[Path], *, authorization: str | None = None
) -> Verification:
    """Replay ``pacts`` (files) against ``provider`` serving at ``base_url`` (127.0.0.1), each
    request with the ``Authorization`` header value given (the provider wants a token; the
    pact is about the answer, not about how the consumer got its token)."""
    verifier = Verifier(provider, host="127.0.0.1").add_transport(url=base_url)
    if authorization is not None:
        verifier.add_custom_header("Authorization", authorization)
    return _run(verifier, pacts)


def messages_verify(provider: str, messages: dict[str, bytes], pacts: list[Path]) -> Verification:
    """Check the messages ``provider`` really produced (JSON bytes, by the pact's description of
    each) against ``pacts``."""
    verifier = Verifier(provider, host="127.0.0.1").message_handler(
        {
            name: {"contents": raw, "metadata": None, "content_type": "application/json"}
            for name, raw in messages.items()
        }
    )
    return _run(verifier, pacts)


def _run(verifier: Verifier, pacts: list[Path]) -> Verification:
    verifier.set_coloured_output(enabled=False)
    for pact in pacts:
        verifier.add_source(pact)
    # The relay that hands messages to the verifier logs each request on sys.stderr, from its
    # own thread: kept, and returned after the report, rather than printed.
    relay_log = io.StringIO()
    try:
        with _quiet_stdout(), contextlib.redirect_stderr(relay_log):
            verifier.verify()
    except RuntimeError:  # what the verifier raises when an interaction does not hold
        ok = False
    else:
        ok = True
    finally:
        _relays_close(verifier)
    return Verification(ok, _ANSI.sub("", verifier.output()) + relay_log.getvalue())


@contextlib.contextmanager
def _quiet_stdout():
    """The verifier (Rust, below Python) prints its report on file descriptor 1 as well as
    keeping it for ``output()``: the report is returned, so the copy on stdout is dropped."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _relays_close(verifier: Verifier) -> None:
    # pact-python (4.2) stops its message and provider-state relay servers without closing
    # their listening sockets, which Python reports as a ResourceWarning: closed here.
    for relay in (verifier._message_producer, verifier._state_handler):
        server = getattr(relay, "_server", None)
        if server is not None:
            server.server_close()
