"""The figures draw the model and only the model, read back from the Graphviz text of each."""

import re
from pathlib import Path

import pytest
from architecture import architecture
from figures import FIGURES

# Graphviz statements as the `graphviz` package writes them: ids are bare words or quoted.
_ID = r'("[^"]*"|\w+)'
_EDGE = re.compile(rf"^\s*{_ID} -> {_ID}", re.MULTILINE)
_NODE = re.compile(rf"^\s*{_ID} \[label=<", re.MULTILINE)
_BOX = re.compile(r'^\tsubgraph "cluster_([^"]*)" \{\n(.*?)^\t\}', re.MULTILINE | re.DOTALL)
_IMAGE = re.compile(r'<IMG SRC="([^"]+)"')


def _edges(text: str) -> set[tuple[str, str]]:
    return {(tail.strip('"'), head.strip('"')) for tail, head in _EDGE.findall(text)}


def _nodes(text: str) -> set[str]:
    return {node.strip('"') for node in _NODE.findall(text)}


@pytest.fixture(scope="module")
def model():
    return architecture()


@pytest.fixture(scope="module")
def drawn(model, tmp_path_factory) -> dict[str, str]:
    """Every figure drawn once for this module: name -> the Graphviz text it was laid out from."""
    outdir = tmp_path_factory.mktemp("figures")
    return {name: draw(model, outdir).dot.source for name, draw in FIGURES.items()}


def test_the_call_graph_draws_one_arrow_per_declared_call_and_nothing_else(model, drawn):
    assert _edges(drawn["call-graph"]) == model.call_edges()
    assert _nodes(drawn["call-graph"]) == {spec.name for spec in model.services}


def test_the_monolith_figure_holds_every_service_in_its_one_box(model, drawn):
    boxes = _BOX.findall(drawn["monolith"])
    assert len(boxes) == 1
    assert {spec.name for spec in model.services} <= _nodes(boxes[0][1])


def test_the_microservices_figure_boxes_each_service_alone_with_its_data_if_it_owns_any(
    model, drawn
):
    boxes = dict(_BOX.findall(drawn["microservices"]))
    assert len(boxes) == len(model.services)
    for spec in model.services:
        inside = boxes[f"{spec.name} service"]
        assert _nodes(inside) == {spec.name}
        assert ("sql.png" in inside) == spec.owns_data


def test_the_monolith_and_the_microservices_draw_the_same_calls(model, drawn):
    for figure in ("monolith", "microservices"):
        assert model.call_edges() <= _edges(drawn[figure])


def test_the_event_flow_runs_from_each_publisher_through_the_bus_to_each_consumer(model, drawn):
    edges = _edges(drawn["event-flow"])
    # Through a topic node: credentials both consumes and publishes, so a path through a
    # service is not a delivery.
    through_the_bus = {
        (tail, head)
        for tail, bus in edges
        for via, head in edges
        if bus == via and bus.startswith("topic_")
    }
    assert through_the_bus == {
        (publisher, consumer) for publisher, consumer, _ in model.event_edges()
    }


def test_every_icon_is_a_file_on_this_machine_not_a_url(drawn):
    for name, text in drawn.items():
        sources = _IMAGE.findall(text)
        assert sources, f"{name} shows no icon"
        for source in sources:
            assert Path(source).is_absolute(), source
            assert Path(source).is_file(), source
