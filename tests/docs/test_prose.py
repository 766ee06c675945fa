"""The prose a reader reads is short: on every page of the site (its notebooks and the README
included), sentences average at most 20 words and none runs past 40, and no paragraph quotes
more than three measured numbers (more go in a table). Measured on the sources by
tests/docs/prose.py, which leaves out code, tables, titles and the deck's speaker notes."""

from pathlib import Path

import pytest
from prose import (
    LONGEST_WORDS,
    MEAN_WORDS,
    MOST_NUMBERS,
    numbers_in,
    page_source,
    paragraphs,
    sentences,
    words,
)
from site_notebooks import notebooks_named

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    ROOT / "index.md",
    ROOT / "README.md",  # the site shows it as talk/readme
    *sorted(p for p in (ROOT / "talk").glob("*.md") if p.name not in ("deck.md", "readme.md")),
    *(ROOT / path for path in notebooks_named(ROOT)),
]
IDS = [page.relative_to(ROOT).as_posix() for page in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_sentences_average_at_most_20_words_and_none_runs_past_40(page):
    lengths = {sentence: words(sentence) for sentence in sentences(page_source(page))}
    mean = sum(lengths.values()) / max(len(lengths), 1)
    long = [f"{n} words: {s}" for s, n in lengths.items() if n > LONGEST_WORDS]
    assert (round(mean, 1) <= MEAN_WORDS, long) == (True, []), f"mean {mean:.1f}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_no_paragraph_quotes_more_than_three_measured_numbers(page):
    crowded = [p[:100] for p in paragraphs(page_source(page)) if numbers_in(p) > MOST_NUMBERS]
    assert crowded == []


def test_the_measure_splits_sentences_and_reads_roles_as_their_words():
    source = "One {term}`outbox` here. Took {glue:text}`/n.ipynb::x:.1f` ms, e.g. twice.\n"
    assert sentences(source) == ["One outbox here.", "Took N ms, e.g. twice."]
    assert sentences("```python\nx = 1. Two\n```\n| a. b | c |\n# Title. Here\n") == []
