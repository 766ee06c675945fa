"""Percentiles for the benchmark scripts (no Django here, so any script may import it first)."""

import statistics

__all__ = ["percentile"]


def percentile(values: list[float], p: int) -> float:
    """The ``p``-th percentile (1-99) of two or more ``values``, interpolated between points."""
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]
