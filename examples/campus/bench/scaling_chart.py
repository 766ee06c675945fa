"""The scaling experiment's chart: served requests/s against the catalog's workers, for each kind
of work, with the Universal Scalability Law's fit, its band and the point it did not see.

    >>> figure = scaling_chart(points, fits)                          # doctest: +SKIP
    >>> chart_problems(figure)                                        # doctest: +SKIP
    []
"""

from .charts import LABEL_PT, TITLE_PT, _figure

__all__ = ["scaling_chart"]

FURTHEST = 16  # workers the prediction is drawn to: twice what was measured


def scaling_chart(points: list[dict], fits: dict[str, dict]):
    """``points``: the scaling experiment's total points (`campus.notebook.load.scaling_show`);
    ``fits``: `campus.bench.scaling.scaling_fits` of the same recording, by variant."""
    figure, axes = _figure(len(fits))
    gains = {}
    for axis, (variant, found) in zip(axes, fits.items(), strict=True):
        mine = sorted((p for p in points if p["variant"] == variant), key=lambda p: p["workers"])
        seen = [p for p in mine if p["workers"] != found["held_out"]]
        axis.errorbar(
            [p["workers"] for p in seen],
            [p["served_rps"] for p in seen],
            yerr=[
                [p["served_rps"] - p["served_min"] for p in seen],
                [p["served_max"] - p["served_rps"] for p in seen],
            ],
            fmt="o",
            capsize=4,
            label="measured",
        )
        workers = [n / 2 for n in range(2, 2 * FURTHEST + 1)]
        low, middle, high = found["fit"].predict(workers)
        axis.plot(workers, middle, label="USL fit, 95% band")
        axis.fill_between(workers, low, high, alpha=0.25)
        axis.plot([found["held_out"]], [found["measured"]], "s", color="black", label="held out")
        kind = variant.split()[1]  # "catalog waiting 200 ms" -> "waiting"
        axis.set_title(f"catalog {kind}", fontsize=LABEL_PT)
        axis.set(xlabel="catalog workers", ylabel="served requests/s")
        axis.set_ylim(bottom=0)
        axis.set_xticks([1, 2, 4, 8, 12, 16])
        if axis is axes[0]:  # one legend: the right plot draws the same three things
            axis.legend(fontsize=LABEL_PT, loc="best")
        gains[kind] = mine[-1]["served_rps"] / max(mine[0]["served_rps"], 1e-9)
    most = max(p["workers"] for p in points)
    said = ", ".join(f"{gain:.1f}x {kind}" for kind, gain in gains.items())
    figure.suptitle(f"From 1 to {most} catalog workers, served: {said}", fontsize=TITLE_PT)
    return figure
