"""Time a call many times, and read the times as percentiles.

>>> samples = timings_ms(sorted, [3, 1, 2], repeat=100)
>>> len(samples), percentile([1.0, 2.0, 3.0, 4.0], 50)
(100, 2.5)
"""

import statistics
import time
from collections.abc import Callable, Mapping, Sequence

from campus.tables import table_format

__all__ = ["median_ms", "percentile", "percentiles_show", "timings_ms"]


def timings_ms(call: Callable, *args, repeat: int, warmup: int = 20, **kwargs) -> list[float]:
    """Milliseconds each of ``repeat`` calls of ``call(*args, **kwargs)`` took, after ``warmup``
    calls that open connections and fill caches."""
    for _ in range(warmup):
        call(*args, **kwargs)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call(*args, **kwargs)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def median_ms(call: Callable, *args, repeat: int, warmup: int = 20, **kwargs) -> float:
    """The median of `timings_ms`."""
    return statistics.median(timings_ms(call, *args, repeat=repeat, warmup=warmup, **kwargs))


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile, interpolated between the two nearest samples: numpy's default
    method, the one matplotlib's box plots use."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q / 100
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def percentiles_show(measures: Mapping[str, Sequence[float]]) -> list[tuple]:
    """Print, then return, one row per measure: how many calls, and their p50 and p90 in ms."""
    rows = [
        (name, len(samples), round(percentile(samples, 50), 3), round(percentile(samples, 90), 3))
        for name, samples in measures.items()
    ]
    print(table_format(["measure", "calls", "p50 ms", "p90 ms"], rows))
    return rows
