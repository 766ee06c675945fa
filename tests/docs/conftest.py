"""The site and the deck, built once per test run exactly as `make docs` builds them, served over
HTTP on 127.0.0.1, and Debian's chromium to look at them."""

import functools
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, sync_playwright
from site_notebooks import notebooks_named  # talk/_ext, put on sys.path by the root conftest.py
from watched_page import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PageVisit,
    chromium_ensure,
    page_watch,
    site_served,
)

VIEWPORT = {"width": 1280, "height": 720}
BUILD_TIMEOUT_SECONDS = 900
# Set by an outer `make test`; a nested make would inherit its flags and jobserver.
OUTER_MAKE_VARIABLES = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "SPHINXOPTS"}


@dataclass(frozen=True)
class SiteBuild:
    """What `make docs` did: its exit status, what it printed, where the site is."""

    returncode: int
    stderr: str
    root: Path
    stdout: str = ""
    started: datetime = datetime.min  # UTC without a zone, as the notebook cache records times

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"

    @property
    def screenshots(self) -> Path:
        return self.root / "_build" / "screenshots"


def _clear_build_outputs(build: Path) -> None:
    """Sphinx re-reads only changed pages and stays silent about the warnings of the others:
    only a build from nothing proves there are none. The notebook cache goes too: this build is
    where the tests execute every notebook, once (test_build.py checks each one ran)."""
    for entry in build.glob("*"):
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


@pytest.fixture(scope="session")
def site_build(pytestconfig) -> SiteBuild:
    root = pytestconfig.rootpath
    _clear_build_outputs(root / "_build")
    started = datetime.now(UTC).replace(tzinfo=None)
    environment = {k: v for k, v in os.environ.items() if k not in OUTER_MAKE_VARIABLES}
    done = subprocess.run(
        ["make", "docs"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    return SiteBuild(done.returncode, done.stderr, root, done.stdout, started)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site_build) -> Iterator[str]:
    """The built site over HTTP, so relative links and assets behave as they do when published."""
    with site_served(functools.partial(_QuietHandler, directory=site_build.html)) as root:
        yield root + "/"


# Module scope, not session: while Playwright's sync API is open, its event loop counts as running
# in this thread, and later tests that call asyncio.run() would fail.
@pytest.fixture(scope="module")
def browser(pytestconfig, tmp_path_factory) -> Iterator[BrowserContext]:
    """Debian's chromium (Playwright's own download cannot be fetched here), fresh profile."""
    missing = chromium_ensure(pytestconfig.rootpath)
    if missing:
        pytest.fail(f"no chromium to test with: {missing}")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
        )
        yield context
        context.close()


@pytest.fixture(scope="module")
def open_page(browser, site_url) -> Callable[[str], PageVisit]:
    """Opens a path of the built site in a new tab that records what goes wrong."""

    def open_path(path: str) -> PageVisit:
        visit = PageVisit(browser.new_page(), context=path)
        page_watch(visit, site_url)
        visit.page.goto(site_url + path, wait_until="networkidle")
        return visit

    return open_path


@pytest.fixture(scope="session")
def notebook_pages(site_build) -> dict[str, Path]:
    """Where the site publishes each notebook its pages name, by notebook name."""
    notebooks = [Path(path) for path in notebooks_named(site_build.root)]
    assert notebooks, "no notebooks to publish"
    return {path.stem: site_build.html / "notebooks" / f"{path.stem}.html" for path in notebooks}
