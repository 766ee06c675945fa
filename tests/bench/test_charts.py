"""The charts the notebooks draw for the pages and the deck read on a slide: a title that says
their point, at most three series a plot, labels of 18 px or more, none overlapping."""

import random

import pytest
from matplotlib.figure import Figure

from campus.bench.charts import chart_problems, hop_chart, load_chart

RANDOM = random.Random(7)


def _samples(low: float, high: float, count: int = 200) -> list[float]:
    return [RANDOM.uniform(low, high) for _ in range(count)]


def _runs(factor: float) -> list[dict]:
    return [
        {"users": u, "rps": factor * 30 * u**0.5, "p99_ms": 3 * u / factor} for u in (1, 8, 32, 64)
    ]


def test_the_hop_chart_reads_on_a_slide_and_says_how_much_a_hop_costs():
    figure = hop_chart(
        direct_ms=_samples(0.02, 0.04),
        hop_ms=_samples(2.0, 4.0),
        page_ms={"monolith": _samples(3, 6, 50), "microservices": _samples(9, 14, 50)},
        hops=3,
    )
    assert chart_problems(figure) == []
    assert figure.get_suptitle().startswith("A hop costs about 10")  # 3 ms / 0.03 ms


@pytest.mark.parametrize(
    ("monolith", "services", "faster"), [(1.2, 1.0, "monolith"), (1.0, 1.3, "microservices")]
)
def test_the_load_chart_names_whichever_architecture_served_more(monolith, services, faster):
    figure = load_chart(
        {"monolith": _runs(monolith), "microservices": _runs(services)}, ceiling=_runs(4), cores=2
    )
    assert chart_problems(figure) == []
    assert (
        figure.get_suptitle()
        == f"On 2 shared cores, the {faster} served the most requests at 64 users"
    )


def test_a_chart_with_five_series_small_labels_and_no_title_is_refused():
    figure = Figure(figsize=(9.5, 2.8), dpi=100)
    axis = figure.subplots()
    for series in range(5):
        axis.plot([1, 2], [series, series], label=f"series {series}")
    axis.set_title("Throughput", fontsize=9)
    problems = chart_problems(figure)
    assert problems[:2] == ["no title says the chart's point", "plot 1 has 5 series"]
    assert "'Throughput' is 12 px on a slide" in problems


def test_two_labels_in_the_same_place_are_refused():
    figure = Figure(figsize=(11.8, 4.6), dpi=100)
    figure.suptitle("A point", fontsize=20)
    axis = figure.subplots()
    axis.text(0.5, 0.5, "here", fontsize=20)
    axis.text(0.5, 0.5, "also here", fontsize=20)
    axis.tick_params(labelsize=20)
    assert chart_problems(figure) == ["'here' overlaps 'also here'"]
