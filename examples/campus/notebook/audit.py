"""The twelve-factor audit's findings (`campus.twelvefactor`, Django system checks under the tag
``twelvefactor``), factor by factor.

    >>> from django.core.checks import run_checks                       # doctest: +SKIP
    >>> rows = audit_show(run_checks(tags=[TAG]))                      # doctest: +SKIP
    factor                       findings
    ------  -------------------  ------------
    I       Codebase             meets it
    II      Dependencies         W001 warning
"""

from collections.abc import Sequence

from campus.tables import table_format
from campus.twelvefactor import FACTORS, factor_of

__all__ = ["LEVELS", "MEETS_IT", "audit_show", "level_counts"]

LEVELS = {40: "error", 30: "warning", 20: "info"}  # Django's check levels that the audit uses
MEETS_IT = "meets it"


def audit_show(findings: Sequence) -> list[tuple[str, str, str]]:
    """Print one row per factor with the codes and levels of its findings (`MEETS_IT` for
    none), then every finding, factor by factor, with its message; return the rows."""
    rows, in_order = [], []
    for factor in FACTORS:
        found = sorted((m for m in findings if factor_of(m.id) == factor), key=lambda m: m.id)
        in_order += found
        codes = ", ".join(f"{m.id.rsplit('.', 1)[1]} {LEVELS[m.level]}" for m in found)
        rows.append((factor.numeral, factor.title, codes or MEETS_IT))
    print(table_format(["factor", "", "findings"], rows))
    print()
    for message in in_order:
        print(f"{message.id}  {message.msg}")
    return rows


def level_counts(findings: Sequence) -> dict[str, int]:
    """How many findings of each level: ``{"error": 0, "warning": 9, "info": 1}``."""
    return {name: sum(m.level == level for m in findings) for level, name in LEVELS.items()}
