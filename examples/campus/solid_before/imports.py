"""Check one forbidden-import rule with import-linter, as ``lint-imports`` checks the project's.

>>> imports_check("campus.solid_before.fat_view", forbidden=["campus.catalog"])[0]
False
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["imports_check"]

# The lint-imports command, run by the Python running this (the project's environment).
_LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def imports_check(source: str, *, forbidden: list[str]) -> tuple[bool, str]:
    """Whether module ``source`` imports none of ``forbidden`` (directly or not), and the report
    lint-imports prints: ``(kept, report)``. Raises RuntimeError when lint-imports itself fails.
    """
    config = "\n".join(
        [
            "[importlinter]",
            "root_package = campus",
            "[importlinter:contract:service-boundary]",
            f"name = {source} imports no other service",
            "type = forbidden",
            f"source_modules = {source}",
            "forbidden_modules =",
            *(f"    {module}" for module in forbidden),
            "",
        ]
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".importlinter"
        path.write_text(config, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", _LINT_IMPORTS, "--config", str(path), "--no-cache"],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"},
            check=False,
            timeout=120,
        )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"lint-imports failed: {done.stderr.strip()[-500:]}")
    return done.returncode == 0, done.stdout
