"""Plain-text tables for notebooks and scripts that print results (no pandas needed).

>>> rows = [["catalog", 0, 1.5], ["dashboard", 3, None]]
>>> print(table_format(["service", "hops", "p50 ms"], rows))
service    hops  p50 ms
---------  ----  ------
catalog       0    1.50
dashboard     3       -
"""

from collections.abc import Iterable, Sequence

__all__ = ["table_format"]


def table_format(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """One line per row, columns as wide as their widest cell, numbers aligned right.

    Floats get two decimals, booleans read "yes"/"no", None reads "-".
    """
    rows = [list(row) for row in rows]
    numeric = [
        any(_is_number(row[i]) for row in rows)
        and all(_is_number(row[i]) or row[i] is None for row in rows)
        for i in range(len(headers))
    ]
    cells = [[_text(value) for value in row] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]

    def line(texts: Sequence[str]) -> str:
        aligned = (
            text.rjust(width) if right else text.ljust(width)
            for text, width, right in zip(texts, widths, numeric, strict=True)
        )
        return "  ".join(aligned).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, cells)])


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
