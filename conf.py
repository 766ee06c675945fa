"""Sphinx configuration for the site (html builder) and the deck (revealjs builder).

Two builds read the same sources:

* the site:  ``sphinx-build -b html -W --keep-going -n . _build/html``
* the deck:  ``sphinx-build -b revealjs -t deck -W --keep-going -n . _build/slides talk/deck.md``

The ``deck`` tag adds ``talk/deck.md`` (the deck document) to the project; without it the site
never sees the deck. The deck document includes the section pages beside it, so every word, code
listing and diagram on a slide comes from the page it belongs to (see ``talk/_ext/talk_deck.py``).
The deck build then publishes itself, self-contained, into ``_build/html/slides``.
"""

import importlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

# jsonschema (imported by nbformat, so by myst-nb) loads rfc3987-syntax when it is installed, to
# check "iri" formats; that module compiles a Lark grammar as it is imported: 1 to 3 s of every
# build, the larger part of a build with nothing to do. No notebook schema checks an IRI, and
# jsonschema leaves that check out when the module cannot be imported.
sys.modules.setdefault("rfc3987_syntax", None)

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "talk" / "_ext"))

from build_inputs import files_digest, stamp_matches, stamp_write  # noqa: E402 (see above)
from deck_timing import budget_parse  # noqa: E402 (found through the line above)
from site_map import site_counts  # noqa: E402
from site_notebooks import notebooks_named  # noqa: E402 (found through the line above)
from talk_deck import DECK_DOCNAME  # noqa: E402

from campus.registry import SERVICES  # noqa: E402 (the counts the pages quote come from it)

logger = logging.getLogger("conf")

DECK = tags.has("deck")  # noqa: F821 (Sphinx puts `tags` in this namespace)

# -- Project ---------------------------------------------------------------------------------

project = "Building microservices for scale with Django"
author = "the companion's contributors"
html_show_copyright = False
language = "en"

extensions = [
    "myst_nb",
    "notebook_progress",
    "sphinx_revealjs",
    "sphinx_copybutton",
    "notebook_download",
    "measured_figure",
    "talk_deck",
    "deck_timing",
    "deck_config_kept",
    "accessible_html",
    "listing_caption",
    "deck_site",
    "site_map",
    "suite_pyramid",
    "sphinx_sitemap",
    "sphinxext.opengraph",
]

# -- Sources: what is a page, and what never is -----------------------------------------------

# Only these are pages; everything else at the root is code, tooling or build output. Notebooks
# are pages only when a toctree names them: whatever else jupyter writes into notebooks/ (an
# executed copy, a file saved under another name) is never read (see talk/_ext/site_notebooks.py).
include_patterns = ["index.md", "talk/**", *notebooks_named(ROOT)]
DECK_DOCUMENT = f"{DECK_DOCNAME}.md"
exclude_patterns = [
    ".venv",
    "_build",
    "talk/_ext",
    "talk/_static",
    "examples",
    "tests",
    "diagrams",
    "README.md",
    ".ci",
    ".git",
    "**.ipynb_checkpoints",
    "**/__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    ".import_linter_cache",
    ".jupyter_cache",
    "*.egg-info",
    "Thumbs.db",
    ".DS_Store",
]
if not DECK:
    exclude_patterns.append(DECK_DOCUMENT)

nitpicky = True

# -- MyST and notebooks ----------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

BUILD = ROOT / "_build"
JUPYTER_CACHE = BUILD / ".jupyter_cache"

nb_execution_mode = "cache"
nb_execution_cache_path = str(JUPYTER_CACHE)
nb_execution_raise_on_error = True
nb_execution_timeout = 120
nb_execution_show_tb = True
nb_merge_streams = True

# myst-nb has no mime priorities for the revealjs builders: without these every notebook output
# (and every {glue} pasted into a slide) would be dropped from the deck with a warning.
_MIME_PRIORITY = (
    "application/vnd.jupyter.widget-view+json",
    "application/javascript",
    "text/html",
    "image/svg+xml",
    "image/png",
    "image/gif",
    "image/jpeg",
    "text/markdown",
    "text/latex",
    "text/plain",
)
nb_mime_priority_overrides = [
    (builder, mime, 10 * (rank + 1))
    for builder in ("revealjs", "dirrevealjs")
    for rank, mime in enumerate(_MIME_PRIORITY)
]

# -- The site --------------------------------------------------------------------------------

html_theme = "furo"
html_title = "Microservices for scale with Django"
html_static_path = ["talk/_static"]
html_css_files = ["site.css"]
html_theme_options = {"navigation_with_keys": True}
# Every code token at 4.5:1 or better against its background (WCAG AA), on the site and the
# deck: the high-contrast styles of accessible-pygments.
pygments_style = "a11y-high-contrast-light"
pygments_dark_style = "a11y-high-contrast-dark"
copybutton_exclude = ".linenos, .gp, .go"

# -- Publishing ------------------------------------------------------------------------------
#
# Every link inside the site is relative, so it works from any base path. Only the sitemap,
# canonical links and link previews need absolute URLs: SITE_URL names where the site is
# published (the Pages workflow, .github/workflows/site.yml, sets it). Without it a page claims
# no canonical address: the local preview (`make serve`) is nobody's canonical page, so it only
# fills the sitemap and the deck's closing slide.

PUBLISHED_URL = os.environ.get("SITE_URL", "").strip()
LOCAL_URL = "http://127.0.0.1:8000/"
SITE_URL = (PUBLISHED_URL or LOCAL_URL).rstrip("/") + "/"
html_baseurl = SITE_URL if PUBLISHED_URL else ""  # Sphinx writes <link rel="canonical"> from it
site_url = SITE_URL  # sphinx-sitemap's own setting, so a local build still has a sitemap
sitemap_url_scheme = "{link}"  # the default puts the language ("en/") into every URL
ogp_site_url = html_baseurl  # og:url: absolute only where published
ogp_enable_meta_description = True  # <meta name="description">, from the page's first paragraph
ogp_social_cards = {"enable": False}  # drawn images of each title: not needed, and slow
# The deck's last slide prints the address as a link ({{ site_link }}) and as a QR code.
myst_substitutions = {"site_url": SITE_URL, "site_link": f"[{SITE_URL}]({SITE_URL})"}
# Counts the prose quotes ({{ parts }}, {{ notebooks }}, {{ services }}, {{ kinds }}), from the
# toctree, the notebooks the pages name and the registry: never typed.
myst_substitutions |= site_counts(ROOT, notebooks_named(ROOT), SERVICES)
deck_site_url = SITE_URL

# -- The deck --------------------------------------------------------------------------------

revealjs_static_path = ["talk/_static"]
revealjs_css_files = ["deck.css"]
revealjs_style_theme = "white"
revealjs_script_conf = {
    # The canvas every slide must fit; reveal.js scales it to the window.
    "width": 1280,
    "height": 720,
    "margin": 0.04,
    "hash": True,
    "slideNumber": "c/t",
    "navigationMode": "linear",
    "transition": "none",
    # The PDF (make docs, talk/_ext/deck_pdf.py): one page per slide, fragments shown at once.
    "pdfSeparateFragments": False,
    "pdfMaxPagesPerSlide": 1,
    # The speaker view paces the talk only when it knows its length: the parts' budgets added up
    # (each slide's own share is its data-timing, see talk/_ext/deck_timing.py).
    "totalTime": 60 * sum(budget_parse((ROOT / f"{DECK_DOCNAME}.md").read_text(encoding="utf-8"))),
}
# Listings are highlighted by Sphinx (Pygments, pygments_style above), not by highlight.js.
revealjs_script_plugins = [
    {"name": "RevealNotes", "src": "revealjs/plugin/notes/notes.js"},
]
# The finished deck goes into the site beside the pages it links to: by default the ``html``
# folder next to the deck build's own (``_build/slides`` -> ``_build/html/slides``); override
# with ``-D deck_publish_dir=...``.


# -- Notebook cache: re-execute when the code the notebooks import changes --------------------
#
# myst-nb's cache keys a notebook on its own cells only (MyST-NB issue #299): an edit to the code
# they run would otherwise serve stale outputs. The notebooks import `campus` and read their
# recorded runs in notebooks/data; they import neither diagrams/ nor examples/loadtest/ (only
# `make load` runs that), so those do not count. Per notebook it cannot be finer: `campus` is one
# package whose services load each other by name (INSTALLED_APPS, `python -m campus.cli`), and
# some notebooks print source code (``inspect.getsource``), so any byte of it may show. When the
# digest moves, the jupyter cache is emptied (shared by both builds) and each Sphinx environment
# re-reads every document once (so pages that paste notebook values are rebuilt too).

NOTEBOOK_INPUTS = (ROOT / "examples" / "campus", ROOT / "notebooks" / "data")
SOURCES_HASH = files_digest(ROOT, NOTEBOOK_INPUTS)
_STAMP = BUILD / ".jupyter_cache.sources"


def _jupyter_cache_refresh() -> None:
    if stamp_matches(_STAMP, SOURCES_HASH):
        return
    if JUPYTER_CACHE.exists():
        logger.info("examples/campus or notebooks/data changed: clearing the notebook cache")
        shutil.rmtree(JUPYTER_CACHE)
    stamp_write(_STAMP, SOURCES_HASH)


_jupyter_cache_refresh()


def _env_outdated(app, env, added, changed, removed):
    """Re-read every document once per environment after the notebooks' inputs changed."""
    if getattr(env, "campus_sources_hash", None) == SOURCES_HASH:
        return []
    env.campus_sources_hash = SOURCES_HASH
    return sorted(env.found_docs - set(added) - set(changed))


# -- Diagrams: drawn at build time from campus.registry -------------------------------------
#
# Contract with diagrams/ (see diagrams/render.py): with that folder on ``sys.path``,
# ``render.render_all(outdir)`` writes the PNG figures into ``outdir`` (``_build/diagrams``) and
# returns their paths. Pages and slides show them as e.g. ``/_build/diagrams/monolith.png``.
# Without diagrams/render.py the build draws nothing (and pages must not reference figures).
# They are drawn again only when what draws them changed: diagrams/, the registry they draw
# (examples/campus), the diagrams package or Graphviz (its version in the stamp).

DIAGRAMS_DIR = ROOT / "diagrams"
DIAGRAMS_OUT = BUILD / "diagrams"
_DIAGRAMS_STAMP = DIAGRAMS_OUT / ".inputs"


def _diagrams_digest() -> str:
    dot = shutil.which("dot")  # render_all says so when it is missing
    graphviz = subprocess.run([dot, "-V"], capture_output=True, text=True) if dot else None
    tools = (importlib.metadata.version("diagrams"), graphviz.stderr if graphviz else "no dot")
    return files_digest(ROOT, (DIAGRAMS_DIR, ROOT / "examples" / "campus"), *tools)


def diagrams_render(app) -> None:
    if not (DIAGRAMS_DIR / "render.py").exists():
        logger.info("diagrams/render.py does not exist: no diagrams drawn")
        return
    digest = _diagrams_digest()
    if stamp_matches(_DIAGRAMS_STAMP, digest):
        logger.info("diagrams/ and what it draws unchanged: not drawn again")
        return
    if str(DIAGRAMS_DIR) not in sys.path:
        sys.path.insert(0, str(DIAGRAMS_DIR))
    render = importlib.import_module("render")
    written = [Path(path).resolve() for path in render.render_all(DIAGRAMS_OUT) or ()]
    stamp_write(_DIAGRAMS_STAMP, digest, written)
    logger.info("drew %d diagram(s) into %s", len(written), DIAGRAMS_OUT)


# -- Wiring ----------------------------------------------------------------------------------


def _builder_check(app) -> None:
    deck_command = f"sphinx-build -b revealjs -t deck . _build/slides {DECK_DOCUMENT}"
    if app.builder.name == "dirrevealjs" or (app.builder.name == "revealjs" and not DECK):
        raise ExtensionError(f"build the deck with: {deck_command} (or: make slides)")


def _mystnb_css_early(app) -> None:
    # myst-nb copies its stylesheet into _static when the build finishes, after the pages are
    # written, so Sphinx finds no file to checksum and a fresh build's pages link it without
    # their "?v=" cache key; the next build writes them with it. The deck, written on every
    # build, then differed from the one before it, and its PDF was printed again. Copied
    # before any page is written, the first build writes what every later one does.
    from myst_nb.sphinx_ext import add_global_html_resources

    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def setup(app):
    app.connect("builder-inited", _builder_check, priority=100)
    app.connect("builder-inited", _mystnb_css_early)
    app.connect("builder-inited", diagrams_render)
    app.connect("env-get-outdated", _env_outdated)
