"""Facts the pages state that their sources pin down, checked on the sources."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "index.md", *sorted((ROOT / "talk").glob("*.md"))]
SECTION_PAGES = sorted((ROOT / "talk").glob("0*.md"))


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def test_open_edx_core_is_linked_under_its_current_name():
    # The repository is openedx/openedx-platform, "formerly known as edx-platform" (its README).
    old = [p.name for p in PAGES if "github.com/openedx/edx-platform" in _text(p)]
    assert (old, "github.com/openedx/openedx-platform" in _text(ROOT / "index.md")) == ([], True)


def test_the_landing_page_alone_says_where_the_speakers_slides_and_recording_are():
    # The talk page links the speakers' slides; one speaker's conference-talks repository links
    # the recording (github.com/DawoudSheraz/conference-talks, djangocon-us-22/README.rst).
    repeated = [p.name for p in SECTION_PAGES if "recording of the talk" in _text(p)]
    landing = _text(ROOT / "index.md")
    assert repeated == []
    assert "recording of the talk" in landing
    assert "DawoudSheraz/conference-talks" in landing


def test_oep_45_is_never_cited_as_settled():
    # Its status marks it as needing revision; the page that leans on it says so.
    citing = [p for p in SECTION_PAGES if "OEP-45" in _text(p)]
    assert citing
    assert all("needing revision" in _text(p) for p in citing)


def test_uwsgi_is_not_recommended():
    # uWSGI's own README: "The project is in maintenance mode".
    assert [p.name for p in PAGES if "uWSGI" in _text(p)] == []


def test_a_monolith_is_not_defined_by_a_single_process_type():
    # Django monoliths run web and worker processes; what makes them one is the code and release.
    assert [p.name for p in PAGES if "one process type" in _text(p)] == []


def test_borrowed_terms_name_their_authors():
    glossary, solid = _text(ROOT / "talk" / "glossary.md"), _text(ROOT / "talk" / "03-solid.md")
    assert "Sam Newman" in glossary
    assert all(name in solid for name in ("Robert C. Martin", "Bertrand Meyer", "Liskov", "Wing"))


def test_campus_events_never_borrow_the_open_edx_namespace():
    # openedx-events has no course.completed event; campus names its own events under org.campus.
    from campus.events import EVENT_TYPES

    assert [t for t in EVENT_TYPES if not t.startswith("org.campus.")] == []
    assert "org.openedx.learning.course.completed" not in _text(ROOT / "talk" / "02-anatomy.md")
