"""Where the site says it lives: SITE_URL, when the build is for publishing, names every page's
canonical address, its og:url, the sitemap's entries and the deck's closing slide; without it no
page claims a canonical address (conf.py, read as Sphinx reads it)."""

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = "https://example.org/companion/"


class _Tags:
    def has(self, name: str) -> bool:
        return False


def _conf(monkeypatch, site_url: str | None) -> dict:
    if site_url is None:
        monkeypatch.delenv("SITE_URL", raising=False)
    else:
        monkeypatch.setenv("SITE_URL", site_url)
    monkeypatch.chdir(ROOT)
    return runpy.run_path(str(ROOT / "conf.py"), init_globals={"tags": _Tags()})


def test_a_published_build_names_its_address_everywhere(monkeypatch):
    conf = _conf(monkeypatch, PUBLISHED.rstrip("/"))
    named = (conf["html_baseurl"], conf["ogp_site_url"], conf["site_url"], conf["deck_site_url"])
    assert named == (PUBLISHED,) * 4


@pytest.mark.parametrize("unset", [None, ""])
def test_a_local_build_claims_no_canonical_address(monkeypatch, unset):
    conf = _conf(monkeypatch, unset)
    assert (conf["html_baseurl"], conf["ogp_site_url"]) == ("", "")
    assert conf["site_url"] == conf["deck_site_url"] == "http://127.0.0.1:8000/"
