"""Publishing: the CI workflow is valid and runs the README's two commands, and the built site
works from any base path (no root-relative links), has a sitemap, and gives every page a title
and a description for link previews."""

import functools
import re
import subprocess
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from watched_page import PageVisit, page_watch, site_served

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
CHECK_JSONSCHEMA = ROOT / ".venv" / "bin" / "check-jsonschema"
LOCAL_SITE_URL = "http://127.0.0.1:8000/"  # conf.py's default when SITE_URL is not set
BASE_PATH = "/companion/talk-site/"  # any sub-path a forge may publish the site under
# Sphinx's own pages that are not part of the reading order, and folders of assets.
NOT_IN_SITEMAP = {"genindex.html", "search.html"}
ASSET_FOLDERS = {"_static", "_downloads", "_images"}


def test_the_workflow_is_valid_against_the_github_workflow_schema():
    checked = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", WORKFLOW],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_workflow_runs_the_readmes_two_commands_and_deploys_the_built_site():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    build = workflow["jobs"]["build"]
    commands = [step["run"].strip() for step in build["steps"] if "run" in step]
    uploads = [step for step in build["steps"] if "upload-pages-artifact" in step.get("uses", "")]
    readme = (ROOT / "README.md").read_text()
    assert {"make test", "make docs"} <= set(commands)
    assert all(f"make {target}" in readme for target in ("test", "docs"))
    assert [step["with"]["path"] for step in uploads] == ["_build/html"]
    assert "deploy-pages" in str(workflow["jobs"]["deploy"]["steps"])


def _pages(site_build) -> list[Path]:
    """Every HTML file of the built site, deck included, assets left out."""
    return [
        page
        for page in sorted(site_build.html.rglob("*.html"))
        if not ASSET_FOLDERS.intersection(page.relative_to(site_build.html).parts)
    ]


@pytest.mark.slow
def test_no_page_links_to_the_root_of_the_server(site_build):
    rooted = []
    for page in _pages(site_build):
        html = page.read_text(encoding="utf-8")
        for link in re.findall(r'(?:href|src|data-src)="(/[^/"][^"]*)"', html):
            rooted.append(f"{page.relative_to(site_build.html)}: {link}")
    assert rooted == []


@pytest.mark.slow
def test_the_sitemap_lists_every_page_under_the_sites_url(site_build):
    sitemap = (site_build.html / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    pages = {
        LOCAL_SITE_URL + page.relative_to(site_build.html).as_posix()
        for page in _pages(site_build)
        if page.relative_to(site_build.html).parts[0] != "slides"
        and page.name not in NOT_IN_SITEMAP
    }
    assert pages - listed == set()


@pytest.mark.slow
def test_every_page_has_a_title_and_a_description_for_link_previews(site_build):
    bare = []
    for page in _pages(site_build):
        name = page.relative_to(site_build.html).as_posix()
        if page.name in NOT_IN_SITEMAP:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        fields = {
            "title": soup.title.string if soup.title else None,
            "og:title": _meta(soup, property="og:title"),
            "description": _meta(soup, name="description"),
        }
        bare += [f"{name}: no {key}" for key, value in fields.items() if not (value or "").strip()]
    assert bare == []


def _meta(soup, **attributes) -> str | None:
    tag = soup.find("meta", attrs=attributes)
    return tag.get("content") if tag else None


class _UnderBasePath(SimpleHTTPRequestHandler):
    """Serves the site under BASE_PATH only, as a forge's project pages do: anything else 404s."""

    def translate_path(self, path):
        if not path.startswith(BASE_PATH):
            return str(Path(self.directory) / "__outside_the_base_path__")
        return super().translate_path("/" + path[len(BASE_PATH) :])

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site_under_base_path(site_build):
    with site_served(functools.partial(_UnderBasePath, directory=site_build.html)) as root:
        yield root + BASE_PATH


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    "path", ["index.html", "notebooks/01-monolith-vs-microservices.html", "slides/index.html"]
)
def test_pages_load_whole_from_a_base_path_other_than_the_root(browser, site_under_base_path, path):
    visit = PageVisit(browser.new_page(), context=path)
    page_watch(visit, site_under_base_path)
    visit.page.goto(site_under_base_path + path, wait_until="networkidle")
    broken = visit.page.evaluate(
        "() => [...document.images].filter((i) => !i.naturalWidth).map((i) => i.src)"
    )
    visit.page.close()
    assert (visit.problems, broken) == ([], [])
