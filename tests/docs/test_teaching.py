"""What the teaching pages must show from the real files: the Django part of a service, each
SOLID principle's before beside its after, and the way from a monolith run step by step."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "talk"


def _included(page: str) -> list[str]:
    return re.findall(r"```\{literalinclude\} (\S+)", (TALK / page).read_text(encoding="utf-8"))


def test_part_2_shows_a_services_settings_urls_views_database_and_urlconf_choice():
    shown = set(_included("02-anatomy.md"))
    assert {
        "/examples/campus/process/settings.py",
        "/examples/campus/catalog/urls.py",
        "/examples/campus/catalog/views.py",
        "/examples/campus/runtime/databases.py",
        "/examples/campus/runtime/middleware.py",
        "/examples/campus/process/urls.py",
        "/examples/campus/runtime/assembly.py",
        "/examples/campus/process/wsgi.py",
    } <= shown


def test_every_solid_principle_shows_a_running_before_beside_its_after():
    text = (TALK / "03-solid.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:6]
    pairs = []
    for section in sections:
        pair = re.search(r"::::\{container\} before-after\n(.*?)\n::::", section, re.DOTALL)
        files = re.findall(r"```\{literalinclude\} (\S+)", pair[1]) if pair else []
        pairs.append([f.split("/")[3] for f in files])
    assert [s[0] for s in sections] == ["S", "O", "L", "I", "D"]
    assert all(len(files) == 2 and files[0] == "solid_before" for files in pairs), pairs
    assert all(files[1] != "solid_before" for files in pairs)


def test_every_before_module_is_on_the_page():
    modules = {
        f"/examples/campus/solid_before/{p.name}"
        for p in (ROOT / "examples" / "campus" / "solid_before").glob("*.py")
        if p.name not in ("__init__.py", "imports.py")
    }
    assert modules <= set(_included("03-solid.md"))


def test_the_corrections_page_is_in_the_reference_toctree():
    assert "talk/corrections" in (ROOT / "index.md").read_text(encoding="utf-8")
