"""The home page's map of the site, and the counts the prose quotes, made from their sources.

``{site-map}`` lists every page of the site in reading order: each toctree of ``index.md`` under
its caption, each page with the one line its front matter gives as ``summary``, and under a page
the notebooks its own toctree names. A page with no summary is a build warning.

The counts (parts, notebooks, services, kinds of service) are MyST substitutions made in
conf.py by `site_counts`, so ``{{ parts }}`` in a page is always the toctree's own number.
"""

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.util import logging

__all__ = ["number_word", "site_counts"]

logger = logging.getLogger(__name__)

_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_TOCTREE = re.compile(r"^```\{toctree\}\n(.*?)^```", re.DOTALL | re.MULTILINE)


def number_word(count: int) -> str:
    """A count as the prose writes it.

    >>> number_word(4), number_word(14)
    ('four', '14')
    """
    return _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)


def _entries(root: Path, caption: str) -> list[str]:
    for toctree in _TOCTREE.findall((root / "index.md").read_text(encoding="utf-8")):
        if f":caption: {caption}\n" in toctree:
            return [line for line in toctree.splitlines() if line and not line.startswith(":")]
    raise ValueError(f"index.md has no toctree captioned {caption!r}")


def site_counts(root: Path, notebooks: list[str], services) -> dict[str, str]:
    """The counts the pages quote, each as a word: ``parts`` (the talk's toctree), ``notebooks``
    (those the pages name), ``services`` and ``kinds`` (of service, from the registry)."""
    return {
        "parts": number_word(len(_entries(root, "The talk"))),
        "notebooks": number_word(len(notebooks)),
        "services": number_word(len(services)),
        "kinds": number_word(len({service.kind for service in services})),
    }


class site_map(nodes.General, nodes.Element):
    """Filled in once every page has been read (`_map_fill`)."""


class SiteMap(Directive):
    has_content = False

    def run(self):
        return [site_map()]


def _line(env, builder, fromdoc: str, docname: str, title: str | None = None) -> nodes.Node:
    item = nodes.list_item()
    paragraph = nodes.paragraph()
    reference = nodes.reference("", "", internal=True)
    reference["refuri"] = builder.get_relative_uri(fromdoc, docname)
    reference += nodes.Text(title or env.titles[docname].astext())
    paragraph += reference
    summary = env.metadata.get(docname, {}).get("summary")
    if summary:
        paragraph += nodes.Text(f": {summary}")
    elif not docname.startswith("notebooks/"):
        logger.warning("%s has no summary in its front matter for the site map", docname)
    item += paragraph
    return item


def _map_fill(app, doctree, fromdoc: str) -> None:
    env = app.env
    for placeholder in list(doctree.findall(site_map)):
        content = []
        for toctree in env.get_doctree(env.config.root_doc).findall(addnodes.toctree):
            content.append(nodes.rubric(text=toctree.get("caption") or ""))
            pages = nodes.bullet_list()
            for _title, docname in toctree["entries"]:
                item = _line(env, app.builder, fromdoc, docname)
                children = nodes.bullet_list()
                for child in env.toctree_includes.get(docname, []):
                    if child.startswith("notebooks/"):
                        children += _line(env, app.builder, fromdoc, child)
                if children.children:
                    item += children
                pages += item
            content.append(pages)
        placeholder.replace_self(content)


def setup(app):
    app.add_node(site_map)
    app.add_directive("site-map", SiteMap)
    app.connect("doctree-resolved", _map_fill)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
