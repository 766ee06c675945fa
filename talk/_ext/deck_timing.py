"""Time budgets for the deck: each part says how many minutes it may take, and every slide of
the part gets its share as reveal.js's ``data-timing`` (seconds), which the speaker view (press
``s``) uses to pace the talk.

In ``talk/deck.md``, under a part's ``#`` heading::

    ```{deck-budget} 8
    ```

The part is that slide and every slide after it up to the next budget. The slot's question time
is a part of its own, marked ``:questions:``. A part's minutes are shared out in whole seconds,
in proportion to what the speaker says over each slide (its notes' words), so that the slides
of a part add up to its budget exactly and the pacing timer follows the notes.
"""

import re
from html.parser import HTMLParser

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.util import logging

__all__ = [
    "BUDGET_ATTRIBUTE",
    "QUESTIONS_ATTRIBUTE",
    "Slide",
    "budget_parse",
    "deck_slides",
    "seconds_share",
    "slides_time",
    "words_count",
]

logger = logging.getLogger(__name__)

BUDGET_ATTRIBUTE = "data-deck-budget"
QUESTIONS_ATTRIBUTE = "data-deck-questions"
# A slide with no notes (a divider, a title) still takes a moment: it weighs this many words.
LEAST_WEIGHT_WORDS = 15
_BUDGET_DIRECTIVE = re.compile(r"^```\{deck-budget\} (\S+)\s*$", re.MULTILINE)
_SECTION_TAG = re.compile(r"<section\b[^>]*>|</section>")
_BUDGET_MARK = re.compile(rf'{BUDGET_ATTRIBUTE}="(\d+)"(\s+{QUESTIONS_ATTRIBUTE})?')
_NOTES = re.compile(r'<aside class="notes">(.*?)</aside>', re.DOTALL)


class deck_budget(nodes.General, nodes.Element):
    """A part's budget in minutes; a hidden mark in the deck, nothing on the site."""


def _visit(translator, node) -> None:
    questions = f" {QUESTIONS_ATTRIBUTE}" if node["questions"] else ""
    translator.body.append(
        f'<span hidden class="deck-budget" {BUDGET_ATTRIBUTE}="{node["minutes"]}"{questions}>'
    )


def _depart(translator, node) -> None:
    translator.body.append("</span>")


def _skip(translator, node) -> None:
    raise nodes.SkipNode


class DeckBudget(Directive):
    required_arguments = 1
    has_content = False
    option_spec = {"questions": directives.flag}

    def run(self):
        minutes = directives.positive_int(self.arguments[0])
        return [deck_budget(minutes=minutes, questions="questions" in self.options)]


def budget_parse(markdown: str) -> list[int]:
    """The minutes of every ``deck-budget`` in a MyST source, in order.

    >>> budget_parse("# Part\\n```{deck-budget} 8\\n```\\n")
    [8]
    """
    return [directives.positive_int(minutes) for minutes in _BUDGET_DIRECTIVE.findall(markdown)]


def seconds_share(minutes: int, slides: int, weights: list[int] | None = None) -> list[int]:
    """``minutes`` shared out over ``slides`` in whole seconds that add up exactly, in
    proportion to ``weights`` (equal shares without them); the largest remainders round up.

    >>> seconds_share(1, 7)
    [9, 9, 9, 9, 8, 8, 8]
    >>> seconds_share(1, 2, [100, 50])
    [40, 20]
    """
    weights = weights or [1] * slides
    total, seconds = sum(weights), minutes * 60
    exact = [seconds * weight / total for weight in weights]
    shares = [int(share) for share in exact]
    by_remainder = sorted(range(slides), key=lambda index: (shares[index] - exact[index], index))
    for index in by_remainder[: seconds - sum(shares)]:
        shares[index] += 1
    return shares


def words_count(html: str) -> int:
    """The words of an HTML fragment's text.

    >>> words_count("<p>One <em>two</em></p> three")
    3
    """
    text = _Text()
    text.feed(html)
    return len(" ".join(text.parts).split())


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


class Slide:
    """One slide of a built deck: where its tag is, its HTML, and the part it opens, if any."""

    def __init__(self, opened: re.Match, inside: str):
        self.opened, self.inside = opened, inside
        mark = _BUDGET_MARK.search(inside)
        self.budget = int(mark[1]) if mark else None
        self.questions = bool(mark and mark[2])
        self.notes_words = sum(words_count(notes) for notes in _NOTES.findall(inside))


def deck_slides(body: str) -> list[Slide]:
    """Every slide of a deck's HTML (a ``<section>`` holding no other), in order."""
    slides, stack, previous_open = [], [], None
    for tag in _SECTION_TAG.finditer(body):
        if tag[0] != "</section>":
            stack.append(tag)
            previous_open = tag
            continue
        opened = stack.pop()
        if opened is previous_open:  # nothing opened since: a slide, not a stack of slides
            slides.append(Slide(opened, body[opened.end() : tag.start()]))
        previous_open = None
    if stack and stack[-1] is previous_open:
        # sphinx-revealjs leaves the last slide's sections unclosed; the browser closes them.
        slides.append(Slide(previous_open, body[previous_open.end() :]))
    return slides


def slides_time(body: str) -> str:
    """The deck's HTML with ``data-timing`` on every slide.

    Raises ValueError when a slide comes before the first budget.
    """
    parts: list[list] = []
    for slide in deck_slides(body):
        if slide.budget is not None:
            parts.append([slide.budget])
        elif not parts:
            raise ValueError("a slide comes before the first deck-budget")
        parts[-1].append(slide)
    timing = {}
    for minutes, *slides in parts:
        weights = [max(slide.notes_words, LEAST_WEIGHT_WORDS) for slide in slides]
        for slide, seconds in zip(
            slides, seconds_share(minutes, len(slides), weights), strict=True
        ):
            tag = slide.opened
            timing[tag.start()] = f'{tag[0][:-1].rstrip()} data-timing="{seconds}">'
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
