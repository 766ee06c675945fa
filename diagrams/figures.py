"""The five figures, each drawn from the architecture model and nothing else.

Every ``draw_*`` function writes ``<outdir>/<name>.png`` and, from the same Graphviz run, its
sidecar ``<name>.labels.json`` (see ``render.py``), and returns the `diagrams.Diagram`, whose
``dot.source`` is the Graphviz text that was laid out (what tests read edges from). Service nodes
carry the service's name as their Graphviz id.

    >>> draw_call_graph(architecture(), Path("out")).filename           # doctest: +SKIP
    'out/call-graph'
"""

import json
import subprocess
from pathlib import Path

from architecture import Architecture
from diagrams import Cluster, Diagram, Edge
from diagrams.generic.database import SQL
from diagrams.programming.framework import Django
from nodes import FONT, icon_node, legend_node, text_node
from sidecar import sidecar_write

__all__ = [
    "FIGURES",
    "draw_call_graph",
    "draw_event_flow",
    "draw_microservices",
    "draw_monolith",
    "draw_ownership",
]

# A label's size on a slide is its size in points times the slide's box over the figure's size in
# points (the box is 1180 x 460 CSS px): the DPI only sets how sharp the PNG is. So the figures are
# kept few points tall and wide, laid out left to right, and their words big.
GRAPH = {"dpi": "200", "fontname": FONT, "pad": "0.1", "nodesep": "0.3", "ranksep": "0.6"}
GRAPH["splines"] = "spline"  # the package's default, ortho, misplaces edge labels
CLUSTER = {"fontname": FONT, "fontsize": "22", "margin": "12"}
CALL = {"color": "#2D3436", "penwidth": "2.5"}
EVENT = {"color": "#C0392B", "fontcolor": "#C0392B", "penwidth": "2.5", "style": "dashed"}
DATA = {"color": "#7B8894", "penwidth": "2"}
FACT_FILL = "#E8F1FA"
# The arrows' kinds say themselves once, in a key, not on every arrow.
SOLID, DASHED = "━━━▶", "╍╍╍▶"


class _Figure(Diagram):
    """A `Diagram` that lays its graph out once and writes both the PNG and the label sidecar."""

    def render(self) -> None:
        self.dot.save()  # to self.filename, which Diagram removes once this returns
        png = Path(f"{self.filename}.png")
        # Two outputs of one dot run: the PNG to its file, the layout (-Tjson) to stdout.
        laid_out = subprocess.run(
            [self.dot.engine, "-Tpng", "-o", str(png), "-Tjson", self.filename],
            capture_output=True,
            text=True,
            check=True,
        )
        sidecar_write(json.loads(laid_out.stdout), png)


def _diagram(outdir: Path, name: str, **graph) -> Diagram:
    return _Figure(
        filename=str(outdir / name), show=False, direction="LR", graph_attr={**GRAPH, **graph}
    )


def _edge(style: dict, **attrs) -> Edge:
    # Edge gives every edge its own 13 pt font, so a diagram-wide edge_attr would not apply.
    return Edge(fontname=FONT, fontsize="20", **style, **attrs)


def _service(spec, outdir: Path, *, with_database: bool = False):
    icons = (Django, SQL) if with_database else (Django,)
    return icon_node(icons, spec.name, spec.kind, nodeid=spec.name, workdir=outdir)


def draw_monolith(model: Architecture, outdir: Path) -> Diagram:
    """One Django project: the apps call each other in Python and share one database."""
    with _diagram(outdir, "monolith") as drawn:
        with Cluster("monolith: one Django project, one process, one URL", graph_attr=CLUSTER):
            apps = {spec.name: _service(spec, outdir) for spec in model.services}
            database = icon_node(SQL, "one database", nodeid="database", workdir=outdir)
        # The calls rank the apps left to right; events run against them without moving them.
        for call in model.calls:
            apps[call.caller] >> _edge(CALL) >> apps[call.callee]
        for publisher, consumer, _type in sorted(model.event_edges()):
            apps[publisher] >> _edge(EVENT, constraint="false") >> apps[consumer]
        for spec in model.services:
            if spec.owns_data:
                apps[spec.name] - _edge(DATA) - database
        legend_node(
            ((CALL["color"], SOLID, "Python call"), (EVENT["color"], DASHED, "event")),
            nodeid="legend",
        )
    return drawn


def draw_microservices(model: Architecture, outdir: Path) -> Diagram:
    """A process and a database per service: calls are HTTP hops, events cross a bus."""
    # Arrows run between the services' boxes (compound), with room between the boxes, which
    # Graphviz would otherwise set edge to edge.
    with _diagram(outdir, "microservices", nodesep="0.9", compound="true") as drawn:
        services = {}
        for spec in model.services:
            # The box is the service; its name is already on the node, so the box has no title.
            with Cluster(f"{spec.name} service", graph_attr={**CLUSTER, "label": ""}):
                services[spec.name] = _service(spec, outdir, with_database=spec.owns_data)

        def between(tail: str, head: str) -> dict:
            return {"ltail": f"cluster_{tail} service", "lhead": f"cluster_{head} service"}

        for call in model.calls:
            edge = _edge(CALL, **between(call.caller, call.callee))
            services[call.caller] >> edge >> services[call.callee]
        for publisher, consumer, _type in sorted(model.event_edges()):
            edge = _edge(EVENT, constraint="false", **between(publisher, consumer))
            services[publisher] >> edge >> services[consumer]
        legend_node(
            ((CALL["color"], SOLID, "HTTP call"), (EVENT["color"], DASHED, "event")),
            nodeid="legend",
        )
    return drawn


def draw_call_graph(model: Architecture, outdir: Path) -> Diagram:
    """Services and the synchronous calls between them: one edge per (caller, callee)."""
    with _diagram(outdir, "call-graph") as drawn:
        services = {spec.name: _service(spec, outdir) for spec in model.services}
        for call in model.calls:
            services[call.caller] >> _edge(CALL) >> services[call.callee]
    return drawn


def draw_event_flow(model: Architecture, outdir: Path) -> Diagram:
    """Each event type from its one producer, through the bus, to every consumer."""
    involved = {topic.publisher for topic in model.topics}
    involved |= {consumer for topic in model.topics for consumer in topic.consumers}
    with _diagram(outdir, "event-flow") as drawn:
        services = {s.name: _service(s, outdir) for s in model.services if s.name in involved}
        with Cluster("event bus", graph_attr=CLUSTER):
            topics = {
                topic.event_type: text_node(
                    *_topic_words(topic.event_type), nodeid=f"topic_{index}", fill="#FDF7E3"
                )
                for index, topic in enumerate(model.topics)
            }
        # Into the bus is publishing, out of it delivering: the arrows need no words.
        for topic in model.topics:
            services[topic.publisher] >> _edge(EVENT) >> topics[topic.event_type]
            for consumer in topic.consumers:
                topics[topic.event_type] >> _edge(EVENT) >> services[consumer]
    return drawn


def draw_ownership(model: Architecture, outdir: Path) -> Diagram:
    """A box per business capability: the service that serves it, over the facts it owns."""
    # Top to bottom, so the capabilities stand side by side, each service over its facts.
    with _diagram(outdir, "ownership", rankdir="TB", nodesep="0.1", ranksep="0.3") as drawn:
        for spec in model.services:
            with Cluster(spec.capability, graph_attr={**CLUSTER, "margin": "6"}):
                service = _service(spec, outdir)
                # A fact node's id is the fact, prefixed so that no fact shares a service's id.
                facts = [text_node(f, nodeid=f"fact_{f}", fill=FACT_FILL) for f in spec.facts]
                if not facts:
                    facts = [text_node("copies", "owns no fact", nodeid="copies", fill="#FFFFFF")]
            for fact in facts:
                service - _edge(DATA) - fact
    return drawn


def _topic_words(event_type: str) -> tuple[str, str]:
    # org.openedx.<subdomain>.<subject>.<action>.v<N> (OEP-41): the subject and action say what
    # happened, so they are the title; the namespace goes underneath.
    parts = event_type.split(".")
    if len(parts) < 4:
        return event_type, ""
    return ".".join(parts[-3:]), ".".join(parts[:-3])


FIGURES = {
    "monolith": draw_monolith,
    "microservices": draw_microservices,
    "call-graph": draw_call_graph,
    "event-flow": draw_event_flow,
    "ownership": draw_ownership,
}
