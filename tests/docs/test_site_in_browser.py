"""The site in chromium: the landing page and a notebook page load without console errors and
show every image they link."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1200)]

BROKEN_IMAGES = """(async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = "eager"; });
  const failed = (image) => image.currentSrc || image.src || image.outerHTML;
  const broken = await Promise.all(
    images.map((image) => image.decode().then(() => null, () => failed(image))),
  );
  return broken.filter(Boolean);
})()"""
PAGES = ["landing page", "notebook page"]


def _most_illustrated(notebook_pages) -> str:
    """The notebook page with the most images, so that loading images is really put to the test."""
    built = {name: page for name, page in notebook_pages.items() if page.is_file()}
    assert built, "no notebook page was built"
    return max(built, key=lambda name: built[name].read_text(encoding="utf-8").count("<img"))


@pytest.fixture(scope="module")
def site_visits(open_page, notebook_pages, site_build) -> dict[str, tuple[list[str], list[str]]]:
    """For each page: what went wrong while it loaded, and the images that did not load."""
    paths = {
        "landing page": "index.html",
        "notebook page": f"notebooks/{_most_illustrated(notebook_pages)}.html",
    }
    screenshots = site_build.screenshots / "site"
    screenshots.mkdir(parents=True, exist_ok=True)
    visits = {}
    for name, path in paths.items():
        visit = open_page(path)
        broken = visit.page.evaluate(BROKEN_IMAGES)
        visit.page.screenshot(path=screenshots / f"{name.replace(' ', '-')}.png", full_page=True)
        visits[name] = (visit.problems, broken)
    return visits


@pytest.mark.parametrize("page", PAGES)
def test_a_site_page_loads_without_console_errors(site_visits, page):
    problems, _ = site_visits[page]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_every_image_of_a_site_page_loads(site_visits, page):
    _, broken = site_visits[page]
    assert broken == [], "\n".join(broken)


SIDEWAYS_CODE = """() => {
  document.querySelectorAll('details').forEach((folded) => { folded.open = true; });
  return [...document.querySelectorAll('article pre')]
    .filter((block) => block.scrollWidth > block.clientWidth + 1)
    .map((block) => block.innerText.split('\\n').reduce((a, b) => (b.length > a.length ? b : a)));
}"""


def test_no_code_block_on_a_section_or_notebook_page_scrolls_sideways_at_1280_px(
    open_page, site_build
):
    # Hidden cells are unfolded first: a reader who opens one must not have to scroll either.
    pages = sorted(site_build.html.glob("talk/0*.html")) + sorted(
        site_build.html.glob("notebooks/*.html")
    )
    assert pages, "no section or notebook page was built"
    sideways = {}
    for page in pages:
        path = page.relative_to(site_build.html).as_posix()
        visit = open_page(path)
        wide = visit.page.evaluate(SIDEWAYS_CODE)
        visit.page.close()
        if wide:
            sideways[path] = wide
    assert sideways == {}
