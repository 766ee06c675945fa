"""One source, two builds: how the section pages under ``talk/`` also become the deck.

The conventions the pages follow:

* ``talk/deck.md`` includes regions of the section pages, each between two comment lines such
  as ``% deck: start`` and ``% deck: end`` (a page may have several regions, each named, as in
  ``% deck: outbox start``). In a region each ``##`` section is one slide.
* A slide opens with at most four short bullets, then at most one code listing (twelve lines at
  most) or one diagram: the page and the slide both show them.
* Then a ``revealjs-notes`` block holds what the speaker says over that slide, in the speaker's
  voice, ending on the way into the next slide. Only the deck shows it (``aside.notes``, press
  ``s``); the site leaves it out.
* Then ``{only} not revealjs`` holds the page's prose for the section: the argument in full, its
  sources and its measured numbers. Only the site shows it, so the site keeps every word that
  the deck drops. ``{only} revealjs`` holds what only the slide shows. (``html`` is true in
  both builds.)

The deck build writes ``talk/deck.html``; `deck_publish` puts it into the site as
``slides/index.html`` with its own copy of the assets it uses, and rewrites every relative link
for its new place, so ``01-monolith-vs-microservices.html`` becomes
``../talk/01-monolith-vs-microservices.html`` and ``../_static/deck.css`` becomes
``_static/deck.css``.
"""

import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from docutils import nodes
from sphinx.util import logging
from sphinx_revealjs._ext.notes import revealjs_notes
from sphinx_revealjs.builders import RevealjsHTMLBuilder

logger = logging.getLogger(__name__)

DECK_DOCNAME = "talk/deck"
# Where the deck sits in the published site, as a path from the site's root.
DECK_PUBLISHED_AS = "slides/index.html"
# The build's asset folders: published, the deck keeps its own copy of each beside it.
_ASSET_DIRS = ("_static", "_images", "_downloads")
_IMAGE_SRC = re.compile(r'src="_images/([^"/]+)"')
# Scripts and styles that need the site's theme (they read DOCUMENTATION_OPTIONS).
_SITE_ONLY = ("copybutton", "clipboard.min.js")
_OWN_ADDRESS = re.compile(
    rf'(<link rel="canonical" href="|<meta property="og:url" content=")([^"]*){DECK_DOCNAME}\.html"'
)
_LINK = re.compile(r'((?:src|href|data-background-image|data-src|data-content_root)=")([^"]*)"')


def _in_deck(translator) -> bool:
    return isinstance(translator.builder, RevealjsHTMLBuilder)


def visit_notes(translator, node) -> None:
    if not _in_deck(translator):
        raise nodes.SkipNode  # the speaker's words; the page has its own prose
    translator.body.append('<aside class="notes">\n')


def depart_notes(translator, node) -> None:
    translator.body.append("</aside>\n")


def deck_page_assets(app, pagename, templatename, context, doctree) -> None:
    """Leave out of the deck the page furniture that only works on the site (copy buttons)."""
    if app.builder.name != "revealjs":
        return
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [
                asset
                for asset in context[key]
                if not any(name in str(getattr(asset, "filename", asset)) for name in _SITE_ONLY)
            ]


def deck_publish(app, exception) -> None:
    """Copy the deck and the assets it uses into the site, as one self-contained folder."""
    if exception is not None or app.builder.name != "revealjs":
        return
    outdir = Path(app.outdir)
    page = outdir / f"{DECK_DOCNAME}.html"
    if not page.exists():
        logger.info("no %s in this build: nothing to publish", page.name)
        return
    published = Path(DECK_PUBLISHED_AS)
    target = Path(app.config.deck_publish_dir or outdir.parent / "html" / published.parent)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    html = _LINK.sub(
        lambda link: f'{link[1]}{link_rebase(link[2], f"{DECK_DOCNAME}.html", DECK_PUBLISHED_AS)}"',
        page.read_text(encoding="utf-8"),
    )
    # The canonical address (when the build has one) and og:url name where the deck is published.
    html = _OWN_ADDRESS.sub(rf'\1\2{DECK_PUBLISHED_AS}"', html)
    (target / published.name).write_text(html, encoding="utf-8")
    for folder in _ASSET_DIRS:
        if (outdir / folder).is_dir():
            shutil.copytree(outdir / folder, target / folder)
    _glued_images_copy(app, html, target / "_images")
    logger.info("deck published to %s", target / "index.html")


def link_rebase(url: str, built: str, published: str) -> str:
    """A relative ``url`` of the page built at ``built``, as the same page sees it at ``published``.

    Both are paths from the site's root. Links into an asset folder stay beside the published
    page (it takes its own copy); links to the page itself become links to its new name.

    >>> link_rebase("01-monolith.html#a", "talk/deck.html", "slides/index.html")
    '../talk/01-monolith.html#a'
    >>> link_rebase("../_static/deck.css?v=1", "talk/deck.html", "slides/index.html")
    '_static/deck.css?v=1'
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(built), parts.path))
    if target == built:
        target = published
    elif target.split("/")[0] in _ASSET_DIRS:
        target = posixpath.join(posixpath.dirname(published), target)
    path = posixpath.relpath(target, posixpath.dirname(published) or ".")
    if parts.path.endswith("/"):
        path += "/"
    return urlunsplit(parts._replace(path=path))


def _glued_images_copy(app, html: str, images: Path) -> None:
    """Copy in the notebook figures pasted with ``{glue}`` from another document.

    myst-nb points such an image at ``_images/<hash>.png`` and relies on the notebook's own page,
    written in the same build, to put it there. The deck build writes only the deck, so the file
    is taken from myst-nb's output folder, where the notebook's execution left it.
    """
    executed = Path(app.env.mystnb_config.output_folder)
    for name in sorted(set(_IMAGE_SRC.findall(html))):
        if (images / name).exists():
            continue
        source = executed / name
        if not source.exists():
            logger.warning("the deck shows _images/%s, which no build produced", name)
            continue
        images.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, images / name)


def setup(app):
    app.add_node(
        revealjs_notes,
        override=True,
        html=(visit_notes, depart_notes),
        revealjs=(visit_notes, depart_notes),
        dirrevealjs=(visit_notes, depart_notes),
    )
    # Default: the ``html`` folder beside the deck build's output folder.
    app.add_config_value("deck_publish_dir", "", "", types=[str])
    app.connect("html-page-context", deck_page_assets)
    app.connect("build-finished", deck_publish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
