"""What the teaching pages must show from the real files: the Django part of a service, each
SOLID principle's before then its after, and the way from a monolith run step by step."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "talk"


def _included(page: str) -> list[str]:
    return re.findall(r"```\{literalinclude\} (\S+)", (TALK / page).read_text(encoding="utf-8"))


def test_part_2_shows_a_services_settings_urls_and_views():
    assert {
        "/examples/campus/process/settings.py",
        "/examples/campus/catalog/views.py",
        "/examples/campus/catalog/selectors.py",
    } <= set(_included("02-anatomy.md"))


def test_the_appendix_shows_how_one_assembly_runs_a_service_both_ways():
    assert {
        "/examples/campus/assembly/databases.py",
        "/examples/campus/assembly/middleware.py",
        "/examples/campus/process/urls.py",
        "/examples/campus/assembly/service_apps.py",
        "/examples/campus/process/wsgi.py",
    } <= set(_included("how-campus-runs.md"))


def test_the_import_contracts_the_appendix_names_are_the_projects():
    # The appendix says: the two roots never import each other, the assembly imports neither.
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    kinds = {
        (c["type"], tuple(c.get("modules", c.get("source_modules", []))))
        for c in contracts["contracts"]
    }
    assert ("independence", ("campus.embedded", "campus.process")) in kinds
    forbidden = [
        c for c in contracts["contracts"] if c.get("source_modules") == ["campus.assembly"]
    ]
    assert forbidden[0]["forbidden_modules"] == ["campus.embedded", "campus.process"]


def test_part_2_links_the_appendix_once():
    text = (TALK / "02-anatomy.md").read_text(encoding="utf-8")
    assert text.count("</talk/how-campus-runs>") == 1


def test_every_solid_principle_shows_a_running_before_then_its_after():
    # In the deck region, each principle in order is two slides: a "before" whose one listing is
    # a working module of campus.solid_before, then an "after" whose one listing is the real
    # campus code that replaced it. A slide shows what comes before its speaker notes.
    text = (TALK / "03-solid.md").read_text(encoding="utf-8")
    region = text.split("% deck: start\n", 1)[1].split("% deck: end", 1)[0]
    slides = re.split(r"^## (.+)$", region, flags=re.MULTILINE)[1:]
    shown = []
    for title, body in zip(slides[0::2], slides[1::2], strict=True):
        heading = re.match(r"([SOLID]) · (before|after): \S", title)
        on_slide = body.split("```{revealjs-notes}", 1)[0]
        files = re.findall(r"```\{literalinclude\} (\S+)", on_slide)
        folders = [f.split("/")[3] == "solid_before" for f in files]
        shown.append((heading.groups() if heading else title, folders))
    assert shown == [
        ((principle, half), [half == "before"])
        for principle in "SOLID"
        for half in ("before", "after")
    ]
    assert "before-after" not in region  # two columns of code wrapped, and broke the indentation


def test_every_before_module_is_on_the_page_that_fixes_it():
    modules = {
        f"/examples/campus/solid_before/{p.name}"
        for p in (ROOT / "examples" / "campus" / "solid_before").glob("*.py")
        if p.name not in ("__init__.py", "imports.py")
    }
    # The SOLID befores are part 3's; the check-then-write race is the saga's, in part 2.
    saga = {"/examples/campus/solid_before/check_then_write.py"}
    assert modules - saga <= set(_included("03-solid.md"))
    assert saga <= set(_included("02-anatomy.md"))


def test_the_corrections_page_is_in_the_reference_toctree():
    assert "talk/corrections" in (ROOT / "index.md").read_text(encoding="utf-8")
