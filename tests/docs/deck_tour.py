"""A tour of the built deck in chromium: every slide stepped to with reveal.js's own API, every
fragment shown, and what a speaker and a room would see recorded (inspect_slide.js: fit and
notes; room_slide.js: sizes, code lines, controls, prose, contrast, images)."""

from dataclasses import dataclass
from pathlib import Path

__all__ = ["DeckTour", "Slide", "deck_tour_take"]

_HERE = Path(__file__).parent
INSPECT_SLIDE = (_HERE / "inspect_slide.js").read_text(encoding="utf-8")
ROOM_SLIDE = (_HERE / "room_slide.js").read_text(encoding="utf-8")
SHOW_EVERY_FRAGMENT = "() => { while (Reveal.availableFragments().next) Reveal.nextFragment(); }"
STEP = """() => {
  const left = Reveal.getCurrentSlide();
  Reveal.next();
  return Reveal.getCurrentSlide() !== left;
}"""
SPREAD_OF_SCREENSHOTS = 5
MOST_SCREENSHOTS_OF_OVERFLOWS = 10


@dataclass(frozen=True)
class Slide:
    number: int
    position: str
    title: str
    headings_only: bool
    notes: str
    overflows: tuple[str, ...]
    room: dict

    def __str__(self) -> str:
        return f"slide {self.number} ({self.position}) {self.title!r}"

    @property
    def is_content(self) -> bool:
        """Every slide but the deck's title slide (the first) and section titles (only headings)."""
        return self.number > 1 and not self.headings_only


@dataclass(frozen=True)
class DeckTour:
    config: dict
    slides: list[Slide]
    problems: list[str]


def _spread(total: int, count: int) -> set[int]:
    """`count` slide numbers spread evenly from the first slide to the last."""
    return {1 + round(step * (total - 1) / max(count - 1, 1)) for step in range(count)}


def deck_tour_take(visit, screenshots: Path) -> DeckTour:
    """Step through the deck open in `visit`, screenshots of a few slides into `screenshots`.

    Raises AssertionError when the deck has no slides or cannot be stepped to its end.
    """
    page = visit.page
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    # Measured mid-transition, a slide's boxes would still be sliding in.
    page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    total = page.evaluate("() => Reveal.getTotalSlides()")
    assert total, "the deck has no slides"
    screenshots.mkdir(parents=True, exist_ok=True)
    wanted, overflow_shots = _spread(total, SPREAD_OF_SCREENSHOTS), 0
    slides = []
    for number in range(1, total + 1):
        visit.context = f"slide {number}"
        page.evaluate(SHOW_EVERY_FRAGMENT)
        seen = page.evaluate(INSPECT_SLIDE)
        slide = Slide(
            number,
            seen["position"],
            seen["title"],
            seen["headingsOnly"],
            seen["notes"],
            tuple(seen["overflows"]),
            page.evaluate(ROOM_SLIDE),
        )
        slides.append(slide)
        if number in wanted or (slide.overflows and overflow_shots < MOST_SCREENSHOTS_OF_OVERFLOWS):
            overflow_shots += bool(slide.overflows)
            page.screenshot(path=screenshots / f"slide-{number:02d}.png")
        stepped = number == total or page.evaluate(STEP)
        assert stepped, f"Reveal.next() does not leave {slide}, {total} slides announced"
    assert page.evaluate("() => Reveal.isLastSlide()"), f"{total} steps did not reach the end"
    return DeckTour(page.evaluate("() => Reveal.getConfig()"), slides, visit.problems)
