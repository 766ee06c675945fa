"""The deck in chromium: stepped through slide by slide with reveal.js's own API, every slide
fits 1280 by 720, every content slide carries speaker notes, and nothing goes wrong in the console
on the way. A content slide is any slide but the first (the deck's title) and section titles
(slides that hold nothing but headings). Screenshots land in _build/screenshots/deck."""

from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1200)]

INSPECT_SLIDE = (Path(__file__).parent / "inspect_slide.js").read_text(encoding="utf-8")
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


@pytest.fixture(scope="module")
def deck_tour(open_page, site_build) -> DeckTour:
    if not (site_build.html / "slides" / "index.html").is_file():
        pytest.fail("make docs built no deck at _build/html/slides/index.html")
    visit = open_page("slides/index.html")
    page = visit.page
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    # Measured mid-transition, a slide's boxes would still be sliding in.
    page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    total = page.evaluate("() => Reveal.getTotalSlides()")
    if total == 0:
        pytest.fail("the deck has no slides")
    screenshots = site_build.screenshots / "deck"
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
        )
        slides.append(slide)
        if number in wanted or (slide.overflows and overflow_shots < MOST_SCREENSHOTS_OF_OVERFLOWS):
            overflow_shots += bool(slide.overflows)
            page.screenshot(path=screenshots / f"slide-{number:02d}.png")
        if number < total and not page.evaluate(STEP):
            pytest.fail(f"Reveal.next() does not leave {slide}, {total} slides announced")
    if not page.evaluate("() => Reveal.isLastSlide()"):
        pytest.fail(f"{total} steps through the deck did not reach its last slide")
    return DeckTour(page.evaluate("() => Reveal.getConfig()"), slides, visit.problems)


def test_the_deck_is_laid_out_on_1280_by_720_slides(deck_tour):
    assert (deck_tour.config["width"], deck_tour.config["height"]) == (1280, 720)


def test_stepping_through_the_deck_logs_no_console_errors(deck_tour):
    assert deck_tour.problems == [], "\n".join(deck_tour.problems)


def test_no_slide_overflows_its_1280_by_720_area(deck_tour):
    overflowing = {str(slide): slide.overflows for slide in deck_tour.slides if slide.overflows}
    assert overflowing == {}, "\n".join(f"{s}: {'; '.join(o)}" for s, o in overflowing.items())


def test_every_content_slide_has_speaker_notes(deck_tour):
    silent = [str(slide) for slide in deck_tour.slides if slide.is_content and not slide.notes]
    assert silent == [], "\n".join(silent)


def test_the_speaker_view_runs_offline_with_a_running_timer_and_pacing(browser, open_page):
    # The speaker view is a popup that reveal.js's notes plugin writes itself; its two previews
    # load the deck again. Every request of the browser is watched, popup included.
    asked: list[str] = []
    browser.on("request", lambda request: asked.append(request.url))
    visit = open_page("slides/index.html")
    visit.page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    with visit.page.expect_popup() as opening:
        visit.page.keyboard.press("s")
    speaker = opening.value
    speaker.wait_for_selector(".speaker-controls-time .pacing", state="visible", timeout=20_000)
    first = speaker.inner_text(".speaker-controls-time .timer")
    speaker.wait_for_function(
        "(first) => document.querySelector('.speaker-controls-time .timer').innerText !== first",
        arg=first,
        timeout=5_000,
    )
    speaker.close()
    local = visit.page.url.split("/")[2]
    outside = [url for url in asked if url.startswith("http") and url.split("/")[2] != local]
    assert (outside, visit.problems) == ([], [])
