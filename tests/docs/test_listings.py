"""Code on the pages and slides comes from the real files, compiles as shown (with its cuts
marked), and each listing starts where a reader can
place it: a whole function or class (``:pyobject:``), or a line that stands at the top level of
its file, never a statement from the middle of a function body."""

import re
import textwrap
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from listing_caption import (
    CaptionedLiteralInclude,
    listing_text,
)  # talk/_ext, put on sys.path by the root conftest.py

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r"```\{literalinclude\} (?P<path>\S+)\n(?P<options>(?::[^\n]*\n)*)```")


def _listings() -> list[tuple[str, str, dict[str, str]]]:
    found = []
    for page in [ROOT / "index.md", *sorted((ROOT / "talk").glob("*.md"))]:
        for match in INCLUDE.finditer(page.read_text(encoding="utf-8")):
            options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", match["options"], re.MULTILINE))
            found.append((page.name, match["path"], options))
    return found


LISTINGS = _listings()


def test_the_pages_include_code_from_the_real_files():
    missing = [f"{page}: {path}" for page, path, _ in LISTINGS if not (ROOT / path[1:]).is_file()]
    assert (len(LISTINGS) > 10, missing) == (True, [])


@pytest.mark.parametrize(
    ("page", "path", "options"), LISTINGS, ids=[f"{p}:{f}" for p, f, _ in LISTINGS]
)
def test_a_listing_starts_at_a_whole_object_or_a_top_level_line(page, path, options):
    start = options.get("start-at") or options.get("start-after")
    if "pyobject" in options or start is None:
        return
    source = (ROOT / path[1:]).read_text(encoding="utf-8")
    start = start.strip('"')
    lines = [line for line in source.splitlines() if start in line]
    assert lines, f"{start!r} is not in {path}"
    first = lines[0]
    if "start-after" in options:
        return  # the listing begins below the marker line; YAML/TOML keys sit under it
    assert first == first.lstrip() or first.lstrip().startswith(("def ", "class ", "@")), first


def _option_value(raw: str) -> str:
    # MyST reads directive options as YAML: a quoted value loses its quotes.
    return str(yaml.safe_load(raw)) if raw.strip() else ""


def _region(path: str, options: dict[str, str]) -> str:
    """The text the page shows for this listing, cut marks included (talk/_ext/listing_caption)."""
    # Each value as the directive's own option spec converts it (dedent is a number, say).
    spec = CaptionedLiteralInclude.option_spec
    read = {name: spec[name](_option_value(value) or None) for name, value in options.items()}
    config = SimpleNamespace(source_encoding="utf-8-sig", highlight_language="python")
    return listing_text(str(ROOT / path[1:]), read, config)


def _compiles(text: str, language: str) -> None:
    text = textwrap.dedent(text)
    if language == "python":
        compile(text, "<listing>", "exec")
    elif language == "toml":
        tomllib.loads(text)
    elif language == "yaml":
        yaml.safe_load(text)
    else:
        raise AssertionError(f"no way to check a {language} listing: add one here")


@pytest.mark.parametrize(
    ("page", "path", "options"), LISTINGS, ids=[f"{p}:{f}" for p, f, _ in LISTINGS]
)
def test_a_listing_is_a_region_that_compiles_with_its_cuts_marked(page, path, options):
    text = _region(path, options)
    try:
        _compiles(text, _option_value(options.get("language", "python")))
    except (SyntaxError, tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        pytest.fail(f"{page} shows {path} as a listing that does not compile: {error}\n{text}")


def test_a_cut_in_a_listing_is_shown_as_a_line_of_its_own():
    options = {"pyobject": "CaptionedLiteralInclude.run", "lines": "1,3-4"}
    text = _region("/talk/_ext/listing_caption.py", options)
    assert [line.strip() for line in text.splitlines()] == [
        "def run(self):",
        "...",
        "result = super().run()",
        'if "lines" not in self.options or not result:',
        "...",
    ]
