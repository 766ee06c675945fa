"""Where every label of a figure landed in its PNG, read from Graphviz's own layout of it.

Graphviz lays a figure out once and writes both the PNG and, with ``-Tjson``, that layout: each
piece of text as an xdot "T" operation (baseline point, alignment, width) after an "F" operation
(font size), in points with y pointing up. `labels_of` turns that into the sidecar ``render.py``
documents: PNG pixels, y pointing down, one entry per line of text.

    >>> layout = {"bb": "0,0,100,50", "pad": "0.5", "dpi": "144", "objects": [{"name": "a",
    ...     "_ldraw_": [{"op": "F", "size": 18.0, "face": "DejaVu Sans"},
    ...                 {"op": "T", "pt": [50, 20], "align": "c", "width": 40, "text": "hi"}]}]}
    >>> sidecar = labels_of(layout)
    >>> sidecar["width"], sidecar["height"], sidecar["labels"][0]["font_px"]
    (344, 244, 36.0)
    >>> sidecar["labels"][0]["box"]
    {'left': 132.0, 'top': 96.0, 'right': 212.0, 'bottom': 139.2}
"""

import json
import math
from pathlib import Path

__all__ = ["LINE_ABOVE_BASELINE", "LINE_BELOW_BASELINE", "labels_of", "sidecar_write"]

# The line box Graphviz sizes a line of text to: 1.2 times the font size, the baseline one font
# size below its top (room for accents above, descenders below).
LINE_ABOVE_BASELINE = 1.0
LINE_BELOW_BASELINE = 0.2


def labels_of(layout: dict) -> dict:
    """The sidecar of a figure from its Graphviz ``-Tjson`` layout (see ``render.py``)."""
    # Unset, Graphviz draws a PNG at 96 dots per inch.
    dpi = float(layout.get("dpi") or layout.get("resolution") or 96)
    pad_x, pad_y = _pad_points(layout.get("pad", "0.0555"))
    left, bottom, right, top = (float(v) for v in layout["bb"].split(","))
    px = dpi / 72

    def to_png(x: float, y: float) -> tuple[float, float]:
        return round((x - left + pad_x) * px, 1), round((top - y + pad_y) * px, 1)

    labels = []
    for owner, operations in _drawings(layout):
        size = None
        for operation in operations:
            # An image is an empty operation here: json output cannot load pictures.
            if operation.get("op") == "F":
                size = float(operation["size"])
            elif operation.get("op") == "T":
                if size is None:
                    raise ValueError(f"{owner}: text {operation['text']!r} with no font size")
                x, y = (float(v) for v in operation["pt"])
                width = float(operation["width"])
                start = {"l": x, "c": x - width / 2, "r": x - width}[operation["align"]]
                box_left, box_top = to_png(start, y + LINE_ABOVE_BASELINE * size)
                box_right, box_bottom = to_png(start + width, y - LINE_BELOW_BASELINE * size)
                labels.append(
                    {
                        "text": operation["text"],
                        "font_px": round(size * px, 1),
                        "box": {
                            "left": box_left,
                            "top": box_top,
                            "right": box_right,
                            "bottom": box_bottom,
                        },
                        "owner": owner,
                    }
                )
    return {
        "width": math.ceil((right - left + 2 * pad_x) * px - 0.5),
        "height": math.ceil((top - bottom + 2 * pad_y) * px - 0.5),
        "dpi": dpi,
        "labels": labels,
    }


def sidecar_write(layout: dict, png: Path) -> Path:
    """Write ``<name>.labels.json`` beside ``png``, refusing a layout that is not that PNG's."""
    from PIL import Image

    sidecar = labels_of(layout)
    with Image.open(png) as image:
        size = image.size
    # Graphviz rounds the canvas to whole pixels; more than that means another layout.
    if abs(size[0] - sidecar["width"]) > 1 or abs(size[1] - sidecar["height"]) > 1:
        raise ValueError(
            f"{png.name} is {size[0]} x {size[1]} px, its layout says "
            f"{sidecar['width']} x {sidecar['height']}"
        )
    sidecar["width"], sidecar["height"] = size
    target = png.with_name(png.name.removesuffix(".png") + ".labels.json")
    target.write_text(json.dumps({"image": png.name, **sidecar}, indent=1) + "\n")
    return target


def _pad_points(pad: str) -> tuple[float, float]:
    """Graphviz's ``pad`` ("x" or "x,y", inches) in points."""
    values = [float(v) * 72 for v in str(pad).split(",")]
    return values[0], values[-1]


def _drawings(layout: dict):
    """(owner, xdot operations) for every drawing in the layout that may hold text."""
    owners = [("graph", layout)]
    for item in layout.get("objects", ()):
        kind = "cluster" if item.get("name", "").startswith("cluster") else "node"
        owners.append((f"{kind} {item.get('name', '')}", item))
    names = {item.get("_gvid"): item.get("name") for item in layout.get("objects", ())}
    for edge in layout.get("edges", ()):
        owners.append((f"edge {names.get(edge['tail'])} -> {names.get(edge['head'])}", edge))
    for owner, item in owners:
        for key, operations in item.items():
            if key.startswith("_") and key.endswith("draw_"):
                yield owner, operations
