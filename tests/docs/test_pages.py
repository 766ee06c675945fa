"""The published pages: the landing page leads to the deck, the deck's links lead back into the
site, every section page links its notebook, and every notebook page shows its notebook executed
and offers it for download."""

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

# A cell tagged so is meant to fail on the page (a refused cross-service query, say).
FAILS_ON_PURPOSE = "tag_raises-exception"


def _read(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def _linked_files(page: Path) -> list[Path]:
    """The files inside the site that the page's links point at."""
    hrefs = (urlsplit(link["href"]) for link in _read(page).find_all("a", href=True))
    return [
        (page.parent / unquote(href.path)).resolve()
        for href in hrefs
        if href.path and not href.scheme and not href.netloc
    ]


def _last_line(output) -> str:
    """An error's last line names it: the exception and its message."""
    return (output.get_text().strip().splitlines() or [""])[-1][:200]


def _output_problems(page: Path) -> list[str]:
    if not page.is_file():
        return ["the page was not built"]
    cells = _read(page).select("div.cell")
    if not any(cell.select("div.cell_output") for cell in cells):
        return ["no cell shows an output: the notebook was not executed"]
    problems = []
    for number, cell in enumerate(cells, start=1):
        failures = cell.select("div.output.stderr")
        if FAILS_ON_PURPOSE not in cell["class"]:
            failures += cell.select("div.output.traceback")
        problems += [
            f"code cell {number} shows {' '.join(failure['class'][:2])}: {_last_line(failure)}"
            for failure in failures
        ]
    return problems


def _is_notebook(path: Path) -> bool:
    return path.is_file() and "cells" in json.loads(path.read_text(encoding="utf-8"))


def test_the_landing_page_links_to_the_deck(site_build):
    landing = site_build.html / "index.html"
    assert landing.is_file()
    deck = site_build.html / "slides" / "index.html"
    assert deck in _linked_files(landing), "no link from index.html to slides/index.html"


def test_every_link_of_the_published_deck_leads_to_a_built_file(site_build):
    # The deck is built as talk/deck.html and published as slides/index.html: its links to the
    # pages and to its own assets are rewritten on the way.
    deck = site_build.html / "slides" / "index.html"
    assert deck.is_file()
    missing = [str(target) for target in _linked_files(deck) if not target.is_file()]
    assert missing == []


def test_every_notebook_page_shows_executed_outputs_and_no_errors(notebook_pages):
    found = {name: _output_problems(page) for name, page in notebook_pages.items()}
    problems = {name: problems for name, problems in found.items() if problems}
    assert problems == {}, "\n".join(f"{n}: {'; '.join(p)}" for n, p in problems.items())


def test_every_notebook_page_offers_its_notebook_for_download(notebook_pages):
    missing = [
        name
        for name, page in notebook_pages.items()
        if not page.is_file()
        or not any(
            target.name == f"{name}.ipynb" and _is_notebook(target)
            for target in _linked_files(page)
        )
    ]
    assert missing == [], f"no link to the .ipynb on the pages of {missing}"


def test_every_section_page_links_its_notebook_and_offers_it_for_download(site_build):
    # A section page and its notebook share a name: talk/01-x.md and notebooks/01-x.ipynb.
    sections = sorted((site_build.html / "talk").glob("0*.html"))
    assert sections, "no section pages under talk/"
    unlinked = []
    for page in sections:
        linked = _linked_files(page)
        notebook_page = site_build.html / "notebooks" / page.name
        if notebook_page not in linked:
            unlinked.append(f"{page.name}: no link to {notebook_page.name}")
        if not any(t.name == f"{page.stem}.ipynb" and _is_notebook(t) for t in linked):
            unlinked.append(f"{page.name}: no download of {page.stem}.ipynb")
    assert unlinked == []
