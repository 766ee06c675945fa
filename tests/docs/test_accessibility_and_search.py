"""The built site in chromium: axe-core (from the npm registry, installed by `make test`) finds no
serious or critical accessibility violation on the landing page, a notebook page and the deck,
and the site's own search finds the page that explains a term."""

import json
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1200)]

AXE = Path(__file__).resolve().parents[2] / ".venv" / "node" / "node_modules" / "axe-core"
BLOCKING_IMPACTS = {"serious", "critical"}
TOP = 5  # a reader looks at the first few results, no further
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(
    (v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' '))}))"""


@pytest.fixture(scope="module")
def axe_script() -> Path:
    script = AXE / "axe.min.js"
    if not script.is_file():
        pytest.fail(f"no {script}: `make test` installs axe-core with npm")
    return script


@pytest.mark.parametrize(
    "path",
    ["index.html", "notebooks/02-anatomy.html", "slides/index.html"],
)
def test_axe_finds_no_serious_or_critical_violation(open_page, axe_script, site_build, path):
    visit = open_page(path)
    visit.page.add_script_tag(path=str(axe_script))
    violations = visit.page.evaluate(RUN_AXE)
    report = site_build.root / "_build" / "axe" / (path.replace("/", "-") + ".json")
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(violations, indent=2))
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert (blocking, visit.problems) == ([], [])


# What a build writes when nobody wrote alt text: nothing, or the image's own file name.
NO_REAL_ALT = re.compile(r"^\s*$|^[\w.-]*\.(png|svg|jpe?g|gif)$|^[0-9a-f]{16,}$", re.IGNORECASE)


def test_every_image_of_the_site_has_alt_text_that_describes_it(site_build):
    from bs4 import BeautifulSoup

    missing = []
    for page in sorted(site_build.html.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for image in soup.find_all("img"):
            if NO_REAL_ALT.match(image.get("alt") or ""):
                missing.append(f"{page.relative_to(site_build.html)}: {image.get('src')}")
    assert missing == []


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("outbox", "talk/02-anatomy.html"),  # "The outbox and the relay", in part 2
        ("twelve-factor", "talk/04-twelve-factor.html"),
        ("Liskov", "talk/03-solid.html"),
        ("speaker view", "talk/presenting.html"),
    ],
)
def test_the_site_search_finds_the_page_that_explains_a_term(open_page, query, page):
    visit = open_page(f"search.html?q={query}")
    visit.page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    found = visit.page.eval_on_selector_all(
        "#search-results ul.search li a", "(links) => links.map((a) => a.getAttribute('href'))"
    )
    assert page in [link.split("#")[0].split("?")[0] for link in found[:TOP]], found
