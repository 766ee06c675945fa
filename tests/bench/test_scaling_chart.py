"""The scaling chart reads on a slide: a title that says its point, at most three series a plot,
labels large enough, none overlapping; its fit is the one `scaling_fits` made."""

import numpy as np

from campus.bench.charts import chart_problems
from campus.bench.scaling import LEVELS, scaling_fits
from campus.bench.scaling_chart import scaling_chart
from campus.bench.usl import usl

KINDS = {"catalog waiting 200 ms": (40, 0.05, 0.01), "catalog computing 10 ms": (60, 0.6, 0.02)}


def _rows():
    rng = np.random.default_rng(0)
    return [
        {"experiment": "scaling", "name": "Aggregated", "variant": variant, "workers": n,
         "rps": float(usl(n, *law) * (1 + rng.normal(0, 0.05))), "failures": 0, "requests": 100}
        for variant, law in KINDS.items()
        for n in LEVELS
        for _ in range(3)
    ]  # fmt: skip


def test_the_scaling_chart_reads_on_a_slide_and_says_what_more_workers_served():
    rows = _rows()
    fits = scaling_fits(rows)
    points = []
    for variant in fits:
        for n in LEVELS:
            served = [r["rps"] for r in rows if r["variant"] == variant and r["workers"] == n]
            points.append({"variant": variant, "workers": n, "served_rps": float(np.median(served)),
                           "served_min": min(served), "served_max": max(served)})  # fmt: skip
    figure = scaling_chart(points, fits)
    assert chart_problems(figure) == []
    assert "waiting" in figure.get_suptitle()
    assert "computing" in figure.get_suptitle()
    assert {f["held_out"] for f in fits.values()} == {max(LEVELS)}
