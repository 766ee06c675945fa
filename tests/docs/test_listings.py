"""Code on the pages comes from the real files, and each listing starts where a reader can
place it: a whole function or class (``:pyobject:``), or a line that stands at the top level of
its file, never a statement from the middle of a function body."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r"```\{literalinclude\} (?P<path>\S+)\n(?P<options>(?::[^\n]*\n)*)```")


def _listings() -> list[tuple[str, str, dict[str, str]]]:
    found = []
    for page in sorted((ROOT / "talk").glob("*.md")):
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
