"""The charts the notebooks draw for the pages and the deck.

Each chart says its point in its title (worked out from the numbers it shows, never typed), has
at most three series per plot, and keeps every label at least 18 px tall when the deck shows it
in its chart box (`SLIDE_BOX`, 1180 x 420 px, under a slide's heading and bullets);
`chart_problems` says where one does not.

    >>> figure = hop_chart(direct_ms=[0.03, 0.04], hop_ms=[2.1, 2.4],
    ...                    page_ms={"monolith": [3.0], "microservices": [9.0]}, hops=3)
    >>> chart_problems(figure)
    []
"""

import statistics
from itertools import combinations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

__all__ = [
    "LEAST_LABEL_PX",
    "MOST_SERIES",
    "SLIDE_BOX",
    "chart_problems",
    "hop_chart",
    "load_chart",
]

SLIDE_BOX = (1180, 420)  # where the deck shows a chart, in slide pixels (talk/_static/deck.css)
LEAST_LABEL_PX = 18
MOST_SERIES = 3
DPI = 100
LABEL_PT = 15  # 15 pt at 100 dpi is 21 px: 18 px or more after the deck scales a figure down
TITLE_PT = 17
_SIZE = (SLIDE_BOX[0] / DPI, SLIDE_BOX[1] / DPI)
_BOX_PLOT = "box plot"


def _figure(columns: int) -> tuple[Figure, list]:
    figure = Figure(figsize=_SIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)  # drawn without pyplot, so no global state and no screen
    axes = figure.subplots(1, columns)
    for axis in axes:
        axis.tick_params(labelsize=LABEL_PT)
        axis.xaxis.label.set_size(LABEL_PT)
        axis.yaxis.label.set_size(LABEL_PT)
        axis.title.set_size(LABEL_PT)
    return figure, list(axes)


def _percentile(samples: list[float], q: int) -> float:
    return (
        statistics.quantiles(samples, n=100, method="inclusive")[q - 1]
        if len(samples) > 1
        else samples[0]
    )


def _boxes(axis, samples_by_label: dict[str, list[float]], title: str) -> None:
    labels, samples = list(samples_by_label), list(samples_by_label.values())
    axis.boxplot(samples, orientation="horizontal", showfliers=False, whis=(5, 95), widths=0.5)
    axis.set_yticks(range(1, len(labels) + 1), labels)
    axis.set_title(title, fontsize=LABEL_PT)
    axis.set_gid(_BOX_PLOT)  # its series are its boxes, not legend entries (see _series)
    for row, values in enumerate(samples, start=1):
        axis.annotate(
            f"{statistics.median(values):.2g} ms",
            (_percentile(values, 95), row),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=LABEL_PT,
        )


def hop_chart(
    *, direct_ms: list[float], hop_ms: list[float], page_ms: dict[str, list[float]], hops: int
) -> Figure:
    """A call against a hop (left) and one dashboard page per architecture (right)."""
    times = statistics.median(hop_ms) / statistics.median(direct_ms)
    figure, (left, right) = _figure(2)
    _boxes(left, {"Python call": direct_ms, "HTTP hop": hop_ms}, "ask the catalog for titles")
    left.set_xscale("log")
    left.set_xlim(min(direct_ms) / 3, max(hop_ms) * 20)
    left.xaxis.set_major_locator(LogLocator(subs=(1,)))
    left.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
    left.xaxis.set_minor_formatter(NullFormatter())
    left.set_xlabel("ms (log scale)")
    _boxes(right, page_ms, f"one dashboard page ({hops} hops)")
    right.set_xlim(0, max(_percentile(s, 95) for s in page_ms.values()) * 1.6)
    right.set_xlabel("ms")
    figure.suptitle(f"A hop costs about {times:,.0f} times a Python call", fontsize=TITLE_PT)
    return figure


def load_chart(runs: dict[str, list[dict]], *, ceiling: list[dict], cores: int) -> Figure:
    """Requests per second (left) and p99 latency (right) against concurrent users, one line per
    architecture in ``runs``; ``ceiling`` (a bare server's runs) is drawn on the left only."""
    figure, (rate, tail) = _figure(2)
    for label, rows in runs.items():
        users = [row["users"] for row in rows]
        rate.plot(users, [row["rps"] for row in rows], marker="o", label=label)
        tail.plot(users, [row["p99_ms"] for row in rows], marker="o", label=label)
    rate.plot(
        [row["users"] for row in ceiling],
        [row["rps"] for row in ceiling],
        marker="o",
        linestyle="--",
        color="grey",
        label="bare server",
    )
    rate.set_yscale("log")
    rate.set(xlabel="concurrent users", ylabel="requests/s (log)")
    tail.set(xlabel="concurrent users", ylabel="p99, ms")
    rate.legend(fontsize=LABEL_PT)
    most = max(max(row["users"] for row in rows) for rows in runs.values())
    best = max(runs, key=lambda label: next(r["rps"] for r in runs[label] if r["users"] == most))
    figure.suptitle(
        f"On {cores} shared cores, the {best} served the most requests at {most} users",
        fontsize=TITLE_PT,
    )
    return figure


def _texts(figure: Figure) -> list[Text]:
    """Every label drawn: tick labels of ticks outside the view exist but are never drawn."""
    unseen = set()
    for axes in figure.axes:
        for axis, limits in ((axes.xaxis, axes.get_xlim()), (axes.yaxis, axes.get_ylim())):
            low, high = sorted(limits)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low <= tick.get_loc() <= high:
                    unseen.update({id(tick.label1), id(tick.label2)})
    return [
        text
        for text in figure.findobj(Text)
        if id(text) not in unseen and text.get_visible() and text.get_text().strip()
    ]


def _series(axis) -> int:
    if axis.get_gid() == _BOX_PLOT:
        return len([label for label in axis.get_yticklabels() if label.get_text()])
    return len(axis.get_legend_handles_labels()[0])


def chart_problems(figure: Figure, box: tuple[int, int] = SLIDE_BOX) -> list[str]:
    """What keeps ``figure`` from reading on a slide: no title, more than three series in a plot,
    a label under 18 px once scaled into ``box``, two labels overlapping."""
    figure.canvas.draw()
    width, height = figure.get_size_inches() * figure.dpi
    scale = min(box[0] / width, box[1] / height, 1)
    problems = [] if figure.get_suptitle() else ["no title says the chart's point"]
    for number, axis in enumerate(figure.axes, start=1):
        if _series(axis) > MOST_SERIES:
            problems.append(f"plot {number} has {_series(axis)} series")
    texts = _texts(figure)
    for text in texts:
        shown = text.get_fontsize() * figure.dpi / 72 * scale
        if shown < LEAST_LABEL_PX:
            problems.append(f"{text.get_text()!r} is {shown:.0f} px on a slide")
    for a, b in combinations(texts, 2):
        if a.get_window_extent().overlaps(b.get_window_extent()):
            problems.append(f"{a.get_text()!r} overlaps {b.get_text()!r}")
    return problems
