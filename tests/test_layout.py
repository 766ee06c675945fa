"""The README's list of campus's packages is the package's folders, no more and no fewer."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "examples" / "campus"


def _listed() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("| package | what it is |", 1)[1].split("\n\n", 1)[0]
    names = []
    for row in table.splitlines()[2:]:
        first_cell = row.split("|")[1]
        names += re.findall(r"`([a-z_]+)/`", first_cell)
    return names


def test_the_readme_lists_every_package_of_campus_once_and_nothing_else():
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    listed = _listed()
    assert len(listed) == len(set(listed))
    assert set(listed) == folders


def test_importing_either_runtime_or_the_configuration_configures_no_django():
    # `campus up`'s supervisor runs no Django; only a runtime that starts services sets it up.
    code = (
        "import campus.embedded, campus.embedded.servers, campus.process.up;"
        "import campus.assembly.config;"
        "from django.conf import settings; print(settings.configured)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"
