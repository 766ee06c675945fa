"""The twelve-factor audit's findings, factor by factor."""

from django.core.checks import Info, Warning

from campus.notebook.audit import MEETS_IT, audit_show, level_counts
from campus.twelvefactor import FACTORS

FINDINGS = [
    Warning("two keys", id="campus.12F.III.W002"),
    Warning("one key", id="campus.12F.III.W001"),
    Info("stderr", id="campus.12F.XI.I001"),
]


def test_every_factor_has_a_row_and_its_findings_in_order(capsys):
    rows = audit_show(FINDINGS)
    assert [row[0] for row in rows] == [factor.numeral for factor in FACTORS]
    by_factor = {numeral: findings for numeral, _, findings in rows}
    assert by_factor["III"] == "W001 warning, W002 warning"
    assert by_factor["XI"] == "I001 info"
    assert by_factor["I"] == MEETS_IT
    messages = capsys.readouterr().out.split("\n\n", 1)[1].splitlines()
    assert messages == [
        "campus.12F.III.W001  one key",
        "campus.12F.III.W002  two keys",
        "campus.12F.XI.I001  stderr",
    ]


def test_the_findings_are_counted_by_level():
    assert level_counts(FINDINGS) == {"error": 0, "warning": 2, "info": 1}
