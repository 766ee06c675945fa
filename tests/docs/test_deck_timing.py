"""Time budgets: each part of the deck says how long it may take (talk/deck.md), the budgets
fill the talk's 45-minute slot, and every slide gets its share as reveal.js's ``data-timing``."""

import re
from pathlib import Path

import pytest
from deck_timing import budget_parse, seconds_share, slides_time

DECK = Path(__file__).resolve().parents[2] / "talk" / "deck.md"
SLOT_MINUTES = 45  # DjangoCon US 2022's talks track slot


def _parts(markdown: str) -> list[tuple[str, str]]:
    """(heading, body) of every ``#`` part of the deck document."""
    pieces = re.split(r"^# (.+)$", markdown, flags=re.MULTILINE)
    return list(zip(pieces[1::2], pieces[2::2], strict=True))


def test_every_part_of_the_deck_carries_one_budget():
    unbudgeted = [
        heading for heading, body in _parts(DECK.read_text()) if len(budget_parse(body)) != 1
    ]
    assert unbudgeted == []


def test_the_budgets_fill_the_talks_slot_exactly():
    assert sum(budget_parse(DECK.read_text())) == SLOT_MINUTES


def test_the_last_part_is_the_question_time_and_the_only_one():
    parts = _parts(DECK.read_text())
    asking = [heading for heading, body in parts if ":questions:" in body]
    assert asking == [parts[-1][0]]


def test_a_slide_with_more_to_say_gets_more_of_its_parts_time():
    notes = '<aside class="notes"><p>' + "word " * 90 + "</p></aside>"
    body = f"<section><h1>Part</h1>{_mark(1)}</section><section><h2>a</h2>{notes}</section>"
    assert re.findall(r'data-timing="(\d+)"', slides_time(body)) == ["9", "51"]  # 15 : 90 words


def test_the_last_slide_is_timed_though_its_sections_are_left_open():
    # sphinx-revealjs ends the deck without closing its last sections; browsers close them.
    body = f"<section><h1>One</h1>{_mark(1)}</section><section><section><h2>Last</h2>"
    assert re.findall(r'data-timing="(\d+)"', slides_time(body)) == ["30", "30"]


@pytest.mark.parametrize(("minutes", "slides"), [(1, 7), (8, 9), (12, 1), (2, 120)])
def test_a_budget_is_shared_out_in_whole_seconds_that_add_up(minutes, slides):
    shares = seconds_share(minutes, slides)
    assert (len(shares), sum(shares)) == (slides, minutes * 60)
    assert max(shares) - min(shares) <= 1


def _mark(minutes: int) -> str:
    return f'<span hidden class="deck-budget" data-deck-budget="{minutes}"></span>'


def test_each_slide_of_a_part_gets_its_share_and_stacks_get_none():
    body = (
        f"<section><section><h1>One</h1>{_mark(1)}</section></section>"
        "<section><section><h2>a</h2></section><section><h2>b</h2></section></section>"
        f"<section><section><h1>Two</h1>{_mark(2)}</section></section>"
    )
    timed = slides_time(body)
    assert re.findall(r'<section(?: data-timing="(\d+)")?>', timed) == [
        "",
        "20",
        "",
        "20",
        "20",
        "",
        "120",
    ]


def test_a_slide_before_the_first_budget_is_refused():
    with pytest.raises(ValueError, match="before the first deck-budget"):
        slides_time(f"<section><h1>Untimed</h1></section><section>{_mark(3)}</section>")
