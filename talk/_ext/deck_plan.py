"""The talk's plan, read off the built deck: per part, its slides, its budget, the words of its
speaker notes and how long they take to say at a speaking pace.

    python talk/_ext/deck_plan.py _build/html/slides/index.html

prints one row per part and a total, and marks a part whose notes take longer than its budget.
`make slides` and `make docs` print it after building the deck. The browser tests hold the deck
to the same figures (tests/docs/test_deck_plan.py).
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from deck_timing import deck_slides

__all__ = ["WORDS_PER_MINUTE", "Part", "deck_parts", "plan_table"]

WORDS_PER_MINUTE = 140  # a calm speaking pace; the notes are timed at it
_HEADING = re.compile(r"<h([12])\b[^>]*>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Part:
    title: str
    minutes: int
    questions: bool
    slides: int = 0
    notes_words: int = 0

    @property
    def speaking_minutes(self) -> float:
        return self.notes_words / WORDS_PER_MINUTE


def _title(html: str) -> str:
    heading = _HEADING.search(html)
    text = _TAG.sub("", heading[2]) if heading else ""
    return " ".join(text.replace("¶", "").replace("#", "").split())


def deck_parts(body: str) -> list[Part]:
    """The parts of a built deck's HTML, in order; each opens on the slide that has a budget."""
    parts: list[Part] = []
    for slide in deck_slides(body):
        if slide.budget is not None:
            parts.append(Part(_title(slide.inside), slide.budget, slide.questions))
        if parts:
            parts[-1].slides += 1
            parts[-1].notes_words += slide.notes_words
    return parts


def plan_table(parts: list[Part]) -> str:
    """The parts as a text table a speaker can read."""
    rows = [("part", "slides", "budget", "notes words", f"min at {WORDS_PER_MINUTE} wpm", "")]
    for part in parts:
        over = "over budget" if part.speaking_minutes > part.minutes else ""
        title = ("(questions) " if part.questions else "") + part.title
        rows.append(
            (
                title[:44],
                str(part.slides),
                f"{part.minutes} min",
                str(part.notes_words),
                f"{part.speaking_minutes:.1f}",
                over,
            )
        )
    rows.append(
        (
            "total",
            str(sum(part.slides for part in parts)),
            f"{sum(part.minutes for part in parts)} min",
            str(sum(part.notes_words for part in parts)),
            f"{sum(part.speaking_minutes for part in parts):.1f}",
            "",
        )
    )
    widths = [max(len(row[column]) for row in rows) for column in range(6)]
    lines = []
    for row in rows:
        figures = [cell.rjust(width) for cell, width in zip(row[1:5], widths[1:5], strict=True)]
        lines.append("  ".join([row[0].ljust(widths[0]), *figures, row[5]]).rstrip())
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} DECK_HTML", file=sys.stderr)
        return 2
    parts = deck_parts(Path(argv[1]).read_text(encoding="utf-8"))
    if not parts:
        print(f"{argv[1]}: no deck-budget in it: is it the deck?", file=sys.stderr)
        return 1
    print(plan_table(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
