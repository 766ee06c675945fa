"""The deck in chromium at 1280 x 720, as a speaker gives it and a room reads it: stepped through
slide by slide with reveal.js's own API (tests/docs/deck_tour.py), every slide fits, carries
speaker notes and nothing goes wrong in the console; text and code are big enough for the back
row, code is short and contrasted, nothing hides behind the controls, no slide is a paragraph.
Screenshots land in _build/screenshots/deck."""

import json
import re
from pathlib import Path

import pytest
from deck_tour import DeckTour, deck_tour_take

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1200)]

MOST_SLIDES = 45  # the 45-minute slot, title, agenda, dividers and closing included
LEAST_BODY_PX = 28
LEAST_CODE_PX = 24
MOST_CODE_LINES = 12
LEAST_LABEL_PX = 18
SPEAKERS = ("Syed Ansab Waqar Gillani", "Syed Muhammad Dawoud Sheraz Ali", "Arbisoft")


@pytest.fixture(scope="module")
def deck_tour(open_page, site_build) -> DeckTour:
    if not (site_build.html / "slides" / "index.html").is_file():
        pytest.fail("make docs built no deck at _build/html/slides/index.html")
    return deck_tour_take(open_page("slides/index.html"), site_build.screenshots / "deck")


def _each(deck_tour, problem) -> dict[str, object]:
    """What `problem` finds on each slide, for the slides where it finds something."""
    found = {str(slide): problem(slide) for slide in deck_tour.slides}
    return {slide: what for slide, what in found.items() if what}


def test_the_deck_is_laid_out_on_1280_by_720_slides(deck_tour):
    assert (deck_tour.config["width"], deck_tour.config["height"]) == (1280, 720)


def test_the_deck_fits_the_slot_in_at_most_45_slides(deck_tour):
    assert len(deck_tour.slides) <= MOST_SLIDES


def test_stepping_through_the_deck_logs_no_console_errors(deck_tour):
    assert deck_tour.problems == [], "\n".join(deck_tour.problems)


def test_no_slide_overflows_its_1280_by_720_area(deck_tour):
    assert _each(deck_tour, lambda slide: slide.overflows) == {}


def test_every_content_slide_has_speaker_notes(deck_tour):
    silent = [str(slide) for slide in deck_tour.slides if slide.is_content and not slide.notes]
    assert silent == [], "\n".join(silent)


def test_body_text_is_at_least_28_px_on_every_slide(deck_tour):
    def problem(slide):
        size = slide.room["bodyPx"]
        return size if size is not None and size < LEAST_BODY_PX else None

    assert _each(deck_tour, problem) == {}


def test_code_is_at_least_24_px_and_at_most_12_lines_a_slide(deck_tour):
    def problem(slide):
        size, lines = slide.room["codePx"] or LEAST_CODE_PX, slide.room["codeLines"]
        return (size, lines) if size < LEAST_CODE_PX or lines > MOST_CODE_LINES else None

    assert _each(deck_tour, problem) == {}


def test_every_code_token_reads_at_4_5_to_1_against_its_background(deck_tour):
    assert _each(deck_tour, lambda slide: slide.room["faint"]) == {}


def test_the_navigation_controls_never_cover_content(deck_tour):
    assert _each(deck_tour, lambda slide: slide.room["covered"]) == {}


def test_no_slide_shows_a_paragraph_of_prose(deck_tour):
    assert _each(deck_tour, lambda slide: slide.room["prose"]) == {}


def test_every_diagram_label_is_at_least_18_px_as_the_slide_shows_it(deck_tour, site_build):
    # diagrams/render.py writes, beside each figure, its labels' font sizes in PNG pixels.
    shown = {}
    for slide in deck_tour.slides:
        for image in slide.room["images"]:
            sidecar = (
                site_build.root / "_build" / "diagrams" / f"{Path(image['src']).stem}.labels.json"
            )
            if sidecar.is_file():
                labels = json.loads(sidecar.read_text(encoding="utf-8"))
                scale = image["shown"][0] / labels["width"]
                shown[f"{slide} {image['src']}"] = (
                    min(label["font_px"] for label in labels["labels"]) * scale
                )
    assert shown, "no slide shows a diagram drawn from the registry"
    assert {where: round(px, 1) for where, px in shown.items() if px < LEAST_LABEL_PX} == {}


def test_the_title_slide_names_both_speakers_and_their_affiliation_large(deck_tour):
    first = deck_tour.slides[0]
    assert all(name in first.room["text"] for name in SPEAKERS)
    assert first.room["bodyPx"] >= 30


def test_the_agenda_lists_the_numbered_part_dividers_which_link_nowhere(deck_tour):
    dividers = [s for s in deck_tour.slides if re.match(r"\d+ · ", s.title)]
    agenda = next(s for s in deck_tour.slides if s.title == "Agenda")
    listed = [line.strip() for line in agenda.room["text"].splitlines()[1:] if line.strip()]
    assert [re.sub(r"^\d+ · ", "", s.title) for s in dividers] == listed
    assert [s.title.split(" · ")[0] for s in dividers] == [str(n) for n in range(1, 6)]
    assert [str(s) for s in dividers if s.room["links"]] == []


def test_the_last_slide_asks_for_questions_with_the_sites_address_and_its_qr_code(
    deck_tour, site_build
):
    last = deck_tour.slides[-1]
    site = re.search(r'<p class="deck-site"><a [^>]*href="([^"]+)"', _deck(site_build))
    assert (last.title, bool(site)) == ("Questions?", True)
    assert site[1] in last.room["text"]
    assert [image["src"] for image in last.room["images"]] == ["_images/site-qr.png"]


def _deck(site_build) -> str:
    return (site_build.html / "slides" / "index.html").read_text(encoding="utf-8")


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
