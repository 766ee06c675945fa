"""`make docs` builds the site and the deck from nothing without a single warning, executing
every notebook the site publishes: the one run of each notebook in the tests."""

import re
from pathlib import Path

import nbformat
import pytest
from deck_pdf import pdf_problems
from jupyter_cache import get_cache
from site_notebooks import notebooks_named  # talk/_ext, put on sys.path by the root conftest.py

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[2]

# Sphinx reports "path:line: WARNING: text [type]"; Python's warnings module "...Warning: text".
# Kernel log lines such as "[IPKernelApp] WARNING | ..." are neither and are left out.
SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")
PYTHON_WARNING = re.compile(r"\b[A-Z]\w*Warning: ")


def test_make_docs_succeeds(site_build):
    exit_status = site_build.returncode
    assert exit_status == 0, site_build.stderr


@pytest.mark.parametrize("notebook", notebooks_named(ROOT))
def test_make_docs_executed_the_notebook_without_an_error(site_build, notebook):
    # The build started from an empty notebook cache (conftest.py), and the cache keeps only
    # executions that raised no error: a record of this notebook's code, made since the build
    # started, is this run's clean execution of it.
    cache = get_cache(str(site_build.root / "_build" / ".jupyter_cache"))
    code = nbformat.read(site_build.root / notebook, as_version=4)
    try:
        record = cache.match_cache_notebook(code)
    except KeyError:
        # Sphinx names the notebook, then prints the cell's traceback (nb_execution_show_tb).
        said = site_build.stderr
        start = max(said.find(Path(notebook).stem), 0)
        pytest.fail(f"make docs did not execute {notebook} cleanly:\n{said[start:][:4000]}")
    assert record.created >= site_build.started, (record.created, site_build.started)


def test_make_docs_reports_no_warnings(site_build):
    warnings = [
        line
        for line in site_build.stderr.splitlines()
        if SPHINX_PROBLEM.search(line) or PYTHON_WARNING.search(line)
    ]
    assert warnings == [], "\n".join(warnings)


def test_make_docs_puts_the_deck_inside_the_site(site_build):
    deck = site_build.html / "slides" / "index.html"
    assert deck.is_file(), "no _build/html/slides/index.html"


def test_make_docs_prints_no_kernel_transport_notice(site_build):
    assert "without encryption" not in site_build.stderr + site_build.stdout


def test_make_docs_says_how_long_each_notebook_took_as_it_reads_it(site_build):
    # "notebook 5/8 notebooks/05-run-for-real.ipynb: executed in 12.3 s" (notebook_progress).
    done = re.findall(r"^notebook \d+/\d+ (\S+): .* in [\d.]+ s$", site_build.stderr, re.M)
    assert set(done) == set(notebooks_named(site_build.root))


def test_make_docs_ends_by_saying_where_the_site_is(site_build):
    last = site_build.stdout.strip().splitlines()[-1]
    assert "open _build/html/index.html" in last


def _deck_slides(site_build) -> list[int]:
    """The ``data-timing`` (seconds) of every slide of the published deck, in order."""
    html = (site_build.html / "slides" / "index.html").read_text(encoding="utf-8")
    return [int(seconds) for seconds in re.findall(r'<section data-timing="(\d+)"', html)]


def test_every_slide_of_the_deck_is_paced_and_the_paces_fill_45_minutes(site_build):
    html = (site_build.html / "slides" / "index.html").read_text(encoding="utf-8")
    timings = _deck_slides(site_build)
    untimed_slides = len(re.findall(r"<section >(?!\s*<section)", html))
    assert (untimed_slides, sum(timings)) == (0, 45 * 60)


def test_make_docs_prints_the_deck_to_a_pdf_page_per_slide_without_blank_pages(site_build):
    pdf = site_build.html / "slides" / "deck.pdf"
    assert pdf.is_file(), "no _build/html/slides/deck.pdf"
    html = (site_build.html / "slides" / "index.html").read_text(encoding="utf-8")
    images = html.count("<img ")
    assert pdf_problems(pdf, slides=len(_deck_slides(site_build)), images=images) == []


def test_a_build_from_nothing_links_the_notebook_stylesheet_with_its_cache_key(site_build):
    # myst-nb copies its stylesheet when a build finishes (conf.py copies it first): without
    # its "?v=" key on a first build, the deck (written on every build) differed from the next
    # build's, and its PDF was printed again when nothing had changed.
    for page in (site_build.html / "index.html", site_build.html / "slides" / "index.html"):
        links = re.findall(r'href="(_static/mystnb[^"]*)"', page.read_text())
        assert links, f"{page} links no myst-nb stylesheet"
        assert all("?v=" in link for link in links), links
