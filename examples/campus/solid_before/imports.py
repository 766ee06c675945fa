"""Check one forbidden-import rule with import-linter, as ``lint-imports`` checks the project's.

>>> kept, report = imports_check(                            # doctest: +SKIP
...     "campus.solid_before.fat_view", forbidden=["campus.catalog"])
>>> kept
False
"""

import contextlib
import io
import tempfile
from pathlib import Path

from importlinter import configuration
from importlinter.application.use_cases import lint_imports

__all__ = ["imports_check"]

configuration.configure()  # what the lint-imports command does first: its readers and printer


def imports_check(source: str, *, forbidden: list[str]) -> tuple[bool, str]:
    """Whether module ``source`` imports none of ``forbidden`` (directly or not), and the report
    import-linter prints: ``(kept, report)``."""
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
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            kept = lint_imports(config_filename=str(path), cache_dir=None, no_logo=True)
    return kept, printed.getvalue()
