"""The talk's plan, read off the built deck (talk/_ext/deck_plan.py): it fits the slot, its
notes can be said in time at 140 words a minute, and the printed deck and its last slide lead
to the published site."""

import re
import subprocess
import sys

import pytest
import segno
from deck_pdf import pdf_links
from deck_plan import WORDS_PER_MINUTE, deck_parts
from PIL import Image

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

TALK_MINUTES, QUESTIONS_MINUTES = 40, 5
MOST_NOTES_WORDS = TALK_MINUTES * WORDS_PER_MINUTE  # 5,600
PLAN = "talk/_ext/deck_plan.py"


@pytest.fixture(scope="module")
def deck_html(site_build) -> str:
    deck = site_build.html / "slides" / "index.html"
    if not deck.is_file():
        pytest.fail(f"make docs built no deck: {site_build.stderr[-2000:]}")
    return deck.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site_address(deck_html) -> str:
    """The site's address, as the closing slide links it (SITE_URL)."""
    link = re.search(r'<p class="deck-site"><a [^>]*href="([^"]+)"', deck_html)
    assert link, "the closing slide links no address"
    return link[1]


def test_the_talk_takes_40_minutes_and_the_questions_the_last_5(deck_html):
    parts = deck_parts(deck_html)
    talk = [part.minutes for part in parts if not part.questions]
    questions = [(part.minutes, index) for index, part in enumerate(parts) if part.questions]
    assert (sum(talk), questions) == (TALK_MINUTES, [(QUESTIONS_MINUTES, len(parts) - 1)])


def test_the_speaker_notes_can_be_said_in_40_minutes_at_140_words_a_minute(deck_html):
    assert sum(part.notes_words for part in deck_parts(deck_html)) <= MOST_NOTES_WORDS


def test_no_parts_notes_take_longer_than_its_budget(deck_html):
    over = {
        p.title: round(p.speaking_minutes, 1)
        for p in deck_parts(deck_html)
        if p.speaking_minutes > p.minutes
    }
    assert over == {}


def test_the_plan_script_prints_a_row_per_part_and_a_total(site_build, deck_html):
    done = subprocess.run(
        [sys.executable, PLAN, str(site_build.html / "slides" / "index.html")],
        cwd=site_build.root,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = done.stdout.splitlines()
    assert (done.returncode, len(rows)) == (0, len(deck_parts(deck_html)) + 2)
    assert rows[-1].startswith("total")


def test_the_deck_names_where_it_is_published_never_where_it_was_built(deck_html):
    named = re.findall(r'(?:rel="canonical" href|property="og:url" content)="([^"]*)"', deck_html)
    assert named, "the deck names no address of its own"
    assert all(address.endswith("slides/index.html") for address in named), named


def test_no_page_claims_the_local_preview_as_its_canonical_address(site_build):
    local = [
        page.relative_to(site_build.html).as_posix()
        for page in site_build.html.rglob("*.html")
        if re.search(r'rel="canonical" href="http://127\.0\.0\.1', page.read_text(encoding="utf-8"))
    ]
    assert local == []


def test_every_link_in_the_pdf_leads_to_the_web_and_into_the_published_site(
    site_build, site_address
):
    links = pdf_links(site_build.html / "slides" / "deck.pdf")
    assert links, "the PDF has no links at all"
    assert [link for link in links if not link.startswith(("http://", "https://"))] == []
    assert any(link.startswith(site_address) for link in links)


def test_the_qr_code_on_the_last_slide_encodes_the_sites_address(site_build, site_address):
    image = Image.open(site_build.html / "slides" / "_images" / "site-qr.png").convert("L")
    expected = segno.make(site_address, error="m")
    scale, border = 10, 4  # as talk/_ext/deck_site.py draws it
    size = expected.symbol_size(scale=1, border=0)[0]
    read = [
        [
            image.getpixel(((border + x) * scale + scale // 2, (border + y) * scale + scale // 2))
            < 128
            for x in range(size)
        ]
        for y in range(size)
    ]
    assert read == [[bool(module) for module in row] for row in expected.matrix]
