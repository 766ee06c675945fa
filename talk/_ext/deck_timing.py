"""Time budgets for the deck: each part says how many minutes it may take, and every slide of
the part gets its share as reveal.js's ``data-timing`` (seconds), which the speaker view (press
``s``) uses to pace the talk.

In ``talk/deck.md``, under a part's ``#`` heading::

    ```{deck-budget} 8
    ```

The part is that slide and every slide after it up to the next budget. A part's minutes are
shared out in whole seconds so that the slides of a part add up to its budget exactly.
"""

import re

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.util import logging

__all__ = ["BUDGET_ATTRIBUTE", "budget_parse", "seconds_share", "slides_time"]

logger = logging.getLogger(__name__)

BUDGET_ATTRIBUTE = "data-deck-budget"
_BUDGET_DIRECTIVE = re.compile(r"^```\{deck-budget\} (\S+)\s*$", re.MULTILINE)
_SECTION_TAG = re.compile(r"<section\b[^>]*>|</section>")
_BUDGET_MARK = re.compile(rf'{BUDGET_ATTRIBUTE}="(\d+)"')


class deck_budget(nodes.General, nodes.Element):
    """A part's budget in minutes; a hidden mark in the deck, nothing on the site."""


def _visit(translator, node) -> None:
    minutes = node["minutes"]
    translator.body.append(f'<span hidden class="deck-budget" {BUDGET_ATTRIBUTE}="{minutes}">')


def _depart(translator, node) -> None:
    translator.body.append("</span>")


def _skip(translator, node) -> None:
    raise nodes.SkipNode


class DeckBudget(Directive):
    required_arguments = 1
    has_content = False

    def run(self):
        return [deck_budget(minutes=directives.positive_int(self.arguments[0]))]


def budget_parse(markdown: str) -> list[int]:
    """The minutes of every ``deck-budget`` in a MyST source, in order.

    >>> budget_parse("# Part\\n```{deck-budget} 8\\n```\\n")
    [8]
    """
    return [directives.positive_int(minutes) for minutes in _BUDGET_DIRECTIVE.findall(markdown)]


def seconds_share(minutes: int, slides: int) -> list[int]:
    """``minutes`` shared out over ``slides`` in whole seconds that add up exactly.

    >>> seconds_share(1, 7)
    [9, 9, 9, 9, 8, 8, 8]
    """
    whole, left = divmod(minutes * 60, slides)
    return [whole + (1 if index < left else 0) for index in range(slides)]


def slides_time(body: str) -> str:
    """The deck's HTML with ``data-timing`` on every slide (a ``<section>`` holding no other).

    Raises ValueError when a slide comes before the first budget.
    """
    leaves, stack, previous_open = [], [], None
    for tag in _SECTION_TAG.finditer(body):
        if tag[0] != "</section>":
            stack.append(tag)
            previous_open = tag
            continue
        opened = stack.pop()
        if opened is previous_open:  # nothing opened since: a slide, not a stack of slides
            leaves.append((opened, body[opened.end() : tag.start()]))
        previous_open = None
    parts: list[list] = []
    for opened, inside in leaves:
        mark = _BUDGET_MARK.search(inside)
        if mark:
            parts.append([int(mark[1])])
        elif not parts:
            raise ValueError("a slide comes before the first deck-budget")
        parts[-1].append(opened)
    timing = {}
    for minutes, *slides in parts:
        for opened, seconds in zip(slides, seconds_share(minutes, len(slides)), strict=True):
            timing[opened.start()] = f'{opened[0][:-1].rstrip()} data-timing="{seconds}">'
    return "".join(_pieces(body, timing))


def _pieces(body: str, timing: dict[int, str]):
    at = 0
    for start in sorted(timing):
        tag_end = body.index(">", start) + 1
        yield body[at:start]
        yield timing[start]
        at = tag_end
    yield body[at:]


def _page_time(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "revealjs" or "body" not in context:
        return
    if BUDGET_ATTRIBUTE not in context["body"]:
        return  # not the deck
    try:
        context["body"] = slides_time(context["body"])
    except ValueError as error:
        logger.warning("%s: %s", pagename, error)


def setup(app):
    app.add_node(
        deck_budget,
        html=(_skip, None),
        revealjs=(_visit, _depart),
        dirrevealjs=(_visit, _depart),
    )
    app.add_directive("deck-budget", DeckBudget)
    app.connect("html-page-context", _page_time)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
