"""One source, two builds: how the section pages under ``talk/`` also become the deck.

The conventions the pages follow:

* ``slides/index.md`` includes, from every section page, the region between the comment lines
  ``% deck: start`` and ``% deck: end``. In that region each ``##`` section is one slide.
* A section opens with a few short bullets, then maybe one code listing or one diagram: the page
  and the slide both show them.
* Then a ``revealjs-notes`` block holds the section's prose. On the site it renders as ordinary
  body text (``div.talk-prose``); in the deck it becomes that slide's speaker notes
  (``aside.notes``, press ``s``). The prose is written once and serves as both.
* ``{only} not revealjs`` holds what only the page shows (long listings, tables),
  ``{only} revealjs`` what only the slide shows. (``html`` is true in both builds.)

The deck build writes ``slides/index.html`` one level below its output folder, so links to
pages resolve as ``../talk/...``: exactly right once the deck sits at ``<site>/slides/``.
`deck_publish` puts it there with its own copy of the assets it uses.
"""

import re
import shutil
from pathlib import Path

from sphinx.util import logging
from sphinx_revealjs._ext.notes import revealjs_notes
from sphinx_revealjs.builders import RevealjsHTMLBuilder

logger = logging.getLogger(__name__)

DECK_DOCNAME = "slides/index"
# Assets the deck page reaches one level up; published, they sit beside it.
_ASSET_DIRS = ("_static", "_images", "_downloads")
_IMAGE_SRC = re.compile(r'src="_images/([^"/]+)"')
# Scripts and styles that need the site's theme (they read DOCUMENTATION_OPTIONS).
_SITE_ONLY = ("copybutton", "clipboard.min.js")
_ASSET_LINK = re.compile(
    r'((?:src|href|data-background-image|data-src)=")\.\./(' + "|".join(_ASSET_DIRS) + ")/"
)


def _in_deck(translator) -> bool:
    return isinstance(translator.builder, RevealjsHTMLBuilder)


def visit_notes(translator, node) -> None:
    if _in_deck(translator):
        translator.body.append('<aside class="notes">\n')
    else:
        translator.body.append('<div class="talk-prose">\n')


def depart_notes(translator, node) -> None:
    translator.body.append("</aside>\n" if _in_deck(translator) else "</div>\n")


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
    target = Path(app.config.deck_publish_dir or outdir.parent / "html" / "slides")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    html = _ASSET_LINK.sub(r"\1\2/", page.read_text(encoding="utf-8"))
    (target / "index.html").write_text(html, encoding="utf-8")
    for folder in _ASSET_DIRS:
        if (outdir / folder).is_dir():
            shutil.copytree(outdir / folder, target / folder)
    _glued_images_copy(app, html, target / "_images")
    logger.info("deck published to %s", target / "index.html")


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
