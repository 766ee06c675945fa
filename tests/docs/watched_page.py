"""A browser tab on the built site that records everything that goes wrong in it, and the
chromium it runs in."""

import contextlib
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from deck_pdf import CHROMIUM, CHROMIUM_ARGS  # one chromium set-up for the PDF and the tests
from playwright.sync_api import Page

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "PageVisit",
    "chromium_ensure",
    "page_watch",
    "site_served",
]

NETWORK_SCHEMES = {"http", "https", "ws", "wss"}


@dataclass
class PageVisit:
    """An open page and what went wrong in it; `context` (the path, or the slide being shown)
    prefixes each problem so a failure says where it happened."""

    page: Page
    context: str
    problems: list[str] = field(default_factory=list)


def chromium_ensure(root: Path) -> str | None:
    """Installs Debian's chromium when it is missing, as `make test` does; the reason it could
    not, or None."""
    if CHROMIUM.exists():
        return None
    installing = subprocess.run(
        ["bash", ".ci/system-packages", "chromium"], cwd=root, capture_output=True, text=True
    )
    return None if CHROMIUM.exists() else installing.stderr or f"{CHROMIUM} is missing"


def page_watch(visit: PageVisit, site_url: str) -> None:
    """Records console errors, uncaught exceptions and failed requests, and refuses to leave
    the machine, so a page that needs the internet fails here instead of quietly using it."""
    local = urlsplit(site_url).netloc

    def keep_local(route):
        url = urlsplit(route.request.url)
        if url.scheme in NETWORK_SCHEMES and url.netloc != local:
            visit.problems.append(f"{visit.context}: asks the internet for {route.request.url}")
            route.abort()
        else:
            route.continue_()

    def console(message):
        if message.type == "error":
            visit.problems.append(f"{visit.context}: console error: {message.text}")

    def uncaught(error):
        visit.problems.append(f"{visit.context}: uncaught {error}")

    def response(answer):
        if answer.status >= 400:
            visit.problems.append(f"{visit.context}: HTTP {answer.status} for {answer.url}")

    visit.page.route("**/*", keep_local)
    visit.page.on("console", console)
    visit.page.on("pageerror", uncaught)
    visit.page.on("response", response)


@contextlib.contextmanager
def site_served(handler) -> Iterator[str]:
    """``handler`` serving on a free 127.0.0.1 port until the block ends; yields its root URL."""
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        serving.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            serving.join()
