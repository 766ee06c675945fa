"""The conventions that let one set of pages be both the site and the deck (see
talk/_ext/talk_deck.py), checked on the sources, without building anything."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DECK = ROOT / "talk" / "deck.md"
SECTION_PAGES = sorted((ROOT / "talk").glob("0*.md"))
INCLUDE = re.compile(
    r"```\{include\} (?P<path>[\w/.-]+)\n"
    r':start-after: "(?P<start>[^"]+)"\n'
    r':end-before: "(?P<end>[^"]+)"\n```'
)


def _regions() -> list[tuple[str, str]]:
    """(where, text) of every page region the deck includes."""
    regions = []
    for match in INCLUDE.finditer(DECK.read_text(encoding="utf-8")):
        # An include's path is relative to the deck document, as the directive reads it.
        page = (DECK.parent / match["path"]).resolve()
        name = page.relative_to(ROOT).as_posix()
        source = page.read_text(encoding="utf-8")
        assert source.count(match["start"]) == 1, f"{name}: {match['start']!r} not once"
        assert source.count(match["end"]) == 1, f"{name}: {match['end']!r} not once"
        start = source.index(match["start"]) + len(match["start"])
        end = source.index(match["end"])
        assert start < end, f"{name}: {match['end']!r} comes before {match['start']!r}"
        regions.append((f"{name} ({match['start']})", source[start:end]))
    return regions


def _sections(text: str) -> list[tuple[str, str]]:
    """(title, body) of each ``##`` section, that is of each slide."""
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=True))


REGIONS = _regions()


def test_the_deck_includes_every_section_page():
    included = {where.split(" ")[0] for where, _ in REGIONS}
    missing = [page.name for page in SECTION_PAGES if f"talk/{page.name}" not in included]
    assert missing == []


@pytest.mark.parametrize(("where", "text"), REGIONS, ids=[where for where, _ in REGIONS])
def test_every_slide_of_a_region_has_speaker_notes(where, text):
    # A region with no ## section goes on the slide the deck includes it into, notes and all.
    sections = _sections(text) or [(f"{where} as a whole", text)]
    silent = [title for title, body in sections if "```{revealjs-notes}" not in body]
    assert silent == []


@pytest.mark.parametrize(("where", "text"), REGIONS, ids=[where for where, _ in REGIONS])
def test_a_region_stays_within_two_heading_levels(where, text):
    # reveal.js nests slides two levels deep; a ### would become a slide inside a slide.
    assert re.findall(r"^#{1}\s|^#{3,}\s", text, flags=re.MULTILINE) == []


@pytest.mark.parametrize(("where", "text"), REGIONS, ids=[where for where, _ in REGIONS])
def test_a_region_defines_no_label(where, text):
    # The deck build reads the page and the deck: a label in a region would be defined twice.
    assert re.findall(r"^\([\w-]+\)=$", text, flags=re.MULTILINE) == []
