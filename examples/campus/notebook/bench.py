"""What the in-process benchmarks (`campus.bench.dashboard`) measured, printed as a table:
``p50_show({"read model": {"monolith": 4.6, "microservices": 4.8}})`` prints

    dashboard page  monolith p50 ms  microservices p50 ms  ratio
    --------------  ---------------  --------------------  -----
    read model                 4.60                  4.80   1.04
"""

from campus.tables import table_format

__all__ = ["p50_show"]


def p50_show(p50: dict[str, dict[str, float]]) -> list[tuple]:
    """Print, then return, one row per variant of the dashboard page: its p50 in ms on each
    architecture (``page_p50_ms``'s answer) and the microservices' p50 over the monolith's."""
    rows = [
        (
            variant,
            round(ms["monolith"], 2),
            round(ms["microservices"], 2),
            round(ms["microservices"] / ms["monolith"], 2),
        )
        for variant, ms in p50.items()
    ]
    headers = ["dashboard page", "monolith p50 ms", "microservices p50 ms", "ratio"]
    print(table_format(headers, rows))
    return rows
