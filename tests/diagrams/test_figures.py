"""The figures draw the model and only the model, read back from the Graphviz text of each."""

import itertools
import json
import re
from pathlib import Path

import pytest
from architecture import architecture
from figures import FIGURES

# On a slide (1280 x 720) a figure is shown in a box this big (CSS max-width 100%, max-height), and
# the back row of a room reads text from this size up.
SLIDE_BOX = (1180, 460)
SMALLEST_READABLE_PX = 18

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
def outdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("figures")


@pytest.fixture(scope="module")
def drawn(model, outdir) -> dict[str, str]:
    """Every figure drawn once for this module: name -> the Graphviz text it was laid out from."""
    return {name: draw(model, outdir).dot.source for name, draw in FIGURES.items()}


def _on_a_slide(outdir: Path, name: str) -> list[dict]:
    """The figure's labels as shown in the slide's box: text, font size and box in CSS pixels."""
    sidecar = json.loads((outdir / f"{name}.labels.json").read_text())
    # Scaled down to fit the box, keeping its aspect ratio, never up.
    scale = min(SLIDE_BOX[0] / sidecar["width"], SLIDE_BOX[1] / sidecar["height"], 1)
    return [
        {
            "text": label["text"],
            "px": label["font_px"] * scale,
            **{side: value * scale for side, value in label["box"].items()},
        }
        for label in sidecar["labels"]
    ]


def _overlap(one: dict, other: dict) -> bool:
    return (
        one["left"] < other["right"]
        and other["left"] < one["right"]
        and one["top"] < other["bottom"]
        and other["top"] < one["bottom"]
    )


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


@pytest.mark.parametrize(
    ("name", "call"), [("monolith", "Python call"), ("microservices", "HTTP call")]
)
def test_a_figure_with_calls_and_events_keys_its_two_kinds_of_arrow(drawn, outdir, name, call):
    texts = [label["text"] for label in _on_a_slide(outdir, name)]
    assert call in texts
    assert "event" in texts


def test_the_event_flow_names_every_event_type_on_the_bus(model, drawn, outdir):
    texts = {label["text"] for label in _on_a_slide(outdir, "event-flow")}
    for topic in model.topics:
        subject_action_version = ".".join(topic.event_type.split(".")[-3:])
        assert subject_action_version in texts


@pytest.mark.parametrize("name", FIGURES)
def test_every_label_is_at_least_18_px_tall_in_the_slides_figure_box(drawn, outdir, name):
    labels = _on_a_slide(outdir, name)
    smallest = min(labels, key=lambda label: label["px"])
    assert smallest["px"] >= SMALLEST_READABLE_PX, (
        f"{smallest['text']!r} is {smallest['px']:.1f} px"
    )


@pytest.mark.parametrize("name", FIGURES)
def test_no_two_labels_of_a_figure_overlap_on_the_slide(drawn, outdir, name):
    labels = _on_a_slide(outdir, name)
    assert labels
    colliding = [
        (one["text"], other["text"])
        for one, other in itertools.combinations(labels, 2)
        if _overlap(one, other)
    ]
    assert colliding == []


def test_the_ownership_figure_boxes_each_capability_with_its_service_and_the_facts_it_owns(
    model, drawn
):
    boxes = dict(_BOX.findall(drawn["ownership"]))
    assert set(boxes) == {spec.capability for spec in model.services}
    for spec in model.services:
        facts = {f"fact_{fact}" for fact in spec.facts} or {"copies"}
        assert _nodes(boxes[spec.capability]) == {spec.name, *facts}
        assert {(spec.name, fact) for fact in facts} <= _edges(drawn["ownership"])
