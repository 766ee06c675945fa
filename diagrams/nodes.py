"""Nodes drawn tight around a bundled icon and its words, so arrows touch what they point at.

The package's icon nodes are a fixed box with the picture scaled into it, and the Django logo fills
less than half of its square PNG: arrows stopped in empty space. Here each bundled icon is cropped
to its visible pixels into ``<outdir>/icons/`` and set left of the node's name in an HTML-like
label, so the node's box is exactly the picture and the words.

    >>> with Diagram(show=False):                                     # doctest: +SKIP
    ...     icon_node(Django, "catalog", "entity", nodeid="catalog", workdir=Path("out"))
"""

import functools
import html
from pathlib import Path

import diagrams
from diagrams import Node
from PIL import Image

__all__ = ["FONT", "icon_node", "legend_node", "text_node"]

FONT = "DejaVu Sans"
# Sizes in points. A figure is laid out in points too, so a label's size on a slide depends on how
# many points the whole figure spans, not on the DPI: see figures.py.
TITLE_PT = 24
SUBTITLE_PT = 20
SUBTITLE_COLOR = "#636E72"
ICON_AREA_PT2 = 2600  # every icon gets about the same area, whatever its shape
# Graphviz sizes a "plain" node to its label, with no outline and no margin.
_UNBOXED = {"shape": "plain", "fixedsize": "false"}


@functools.cache
def _visible(node_class: type[Node]) -> Image.Image:
    """The class's bundled icon without its transparent margin."""
    # The same file Node._load_icon would use: the package's own resources folder.
    source = Path(diagrams.__file__).parent.parent / node_class._icon_dir / node_class._icon
    with Image.open(source) as image:
        visible = image.convert("RGBA")
    return visible.crop(visible.getchannel("A").getbbox())


def _icon_file(node_class: type[Node], workdir: Path) -> tuple[Path, int, int]:
    """Where the cropped icon is for Graphviz to read; its path, width and height in pixels."""
    visible = _visible(node_class)
    target = workdir / "icons" / node_class._icon
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        visible.save(target)
    return target, visible.width, visible.height


def _words(title: str, subtitle: str, align: str = "CENTER") -> str:
    cell = f'<TR><TD ALIGN="{align}">'
    rows = f'{cell}<FONT POINT-SIZE="{TITLE_PT}">{html.escape(title)}</FONT></TD></TR>'
    if subtitle:
        rows += (
            f'{cell}<FONT POINT-SIZE="{SUBTITLE_PT}" COLOR="{SUBTITLE_COLOR}">'
            f"{html.escape(subtitle)}</FONT></TD></TR>"
        )
    return rows


def _picture(node_class: type[Node], workdir: Path) -> str:
    path, width, height = _icon_file(node_class, workdir)
    scale = (ICON_AREA_PT2 / (width * height)) ** 0.5
    size = f'WIDTH="{round(width * scale)}" HEIGHT="{round(height * scale)}"'
    return f'<TD FIXEDSIZE="TRUE" {size}><IMG SRC="{html.escape(str(path))}" SCALE="TRUE"/></TD>'


def icon_node(
    icons: type[Node] | tuple[type[Node], ...],
    title: str,
    subtitle: str = "",
    *,
    nodeid: str,
    workdir: Path,
) -> Node:
    """A node showing the bundled icon(s) of ``icons`` side by side, then ``title`` to their right
    with ``subtitle`` under it: wide and short, for figures laid out left to right."""
    icons = icons if isinstance(icons, tuple) else (icons,)
    pictures = "".join(_picture(node_class, workdir) for node_class in icons)
    words = _words(title, subtitle, "LEFT")
    words = f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">{words}</TABLE>'
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2">'
    return Node(f"<{table}<TR>{pictures}<TD>{words}</TD></TR></TABLE>>", nodeid=nodeid, **_UNBOXED)


def text_node(title: str, subtitle: str = "", *, nodeid: str, fill: str) -> Node:
    """A rounded box of words only, for what no bundled icon fits (an event type on the bus)."""
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
    return Node(
        f"<{table}{_words(title, subtitle)}</TABLE>>",
        nodeid=nodeid,
        shape="box",
        style="rounded,filled",
        fillcolor=fill,
        fixedsize="false",
        width="0",
        height="0",
        labelloc="c",
        margin="0.15,0.06",
    )


def legend_node(rows: tuple[tuple[str, str, str], ...], *, nodeid: str) -> Node:
    """A key to a figure's kinds of arrow: per row a sample drawn in ``(color, glyphs)`` and the
    words it stands for, e.g. ``("#C0392B", "╍╍╍▶", "event")``."""
    cells = "".join(
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{SUBTITLE_PT}" COLOR="{color}">{sample}</FONT>'
        f'</TD><TD ALIGN="LEFT"><FONT POINT-SIZE="{SUBTITLE_PT}">{html.escape(words)}</FONT>'
        "</TD></TR>"
        for color, sample, words in rows
    )
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">'
    return Node(f"<{table}{cells}</TABLE>>", nodeid=nodeid, **_UNBOXED)
