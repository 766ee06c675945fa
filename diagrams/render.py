"""Draw every figure of the platform's architecture, from `campus.registry`, into one folder.

PNG at 200 DPI rather than SVG: the package's SVG links each icon by its absolute path inside
site-packages, so it breaks once copied anywhere else. Only icons bundled with the package are
used; nothing is fetched. Graphviz's ``dot`` must be installed (``make system``).

Sphinx's conf.py calls `render_all` with ``_build/diagrams`` at ``builder-inited``; by hand::

    $ python diagrams/render.py _build/diagrams
    _build/diagrams/monolith.png
    ...

Beside each ``<name>.png`` goes its label sidecar, ``<name>.labels.json``: where every line of
text landed in that PNG, taken from the very Graphviz run that drew it (``dot -Tpng -Tjson``, one
layout; see ``sidecar.py``). So a test can tell how big each label is once the PNG is shown at
some size, and whether any two labels collide::

    {
     "image": "monolith.png",
     "width": 2433, "height": 1206,          the PNG's size in pixels
     "dpi": 200.0,                           1 point = dpi / 72 PNG pixels
     "labels": [                             every line of text Graphviz drew
      {"text": "catalog",
       "font_px": 66.7,                      its font size, in PNG pixels
       "box": {"left": 265.8, "top": 310.0, "right": 484.2, "bottom": 390.0},
       "owner": "node catalog"},             or "cluster <id>", "edge <tail> -> <head>", "graph"
      ...]
    }

``box`` is in PNG pixels, origin at the top left, y pointing down: as wide as Graphviz measured the
text, and as tall as the line Graphviz makes room for (from one font size above the baseline to
0.2 font size below it). Shown ``W`` pixels wide, the PNG scales by ``W / width``, and so do every
``font_px`` and ``box``: a label is ``font_px * W / width`` pixels tall on screen.
"""

import os
import sys
import tempfile
from pathlib import Path

# Loaded by its path alone (importlib), this file's siblings would not be importable. The folder
# is added, not the repository root: this folder holds no `diagrams`, so that name still means
# the installed package.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from architecture import architecture  # noqa: E402
from figures import FIGURES  # noqa: E402

__all__ = ["FIGURES", "render_all"]


def render_all(outdir) -> list[Path]:
    """Draw each of `FIGURES` into ``outdir`` (created if missing); the PNG paths, in order.

    >>> [path.name for path in render_all("_build/diagrams")]         # doctest: +SKIP
    ['monolith.png', 'microservices.png', 'call-graph.png', 'event-flow.png', 'ownership.png']
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    model = architecture()
    # Drawn in a folder of this call's own, then moved in whole: Graphviz writes and deletes
    # intermediate files under each figure's name, so two builds drawing into one folder at
    # once (parallel test workers) removed each other's files mid-draw.
    with tempfile.TemporaryDirectory(dir=outdir, prefix=".drawing-") as drawing:
        for draw in FIGURES.values():
            draw(model, Path(drawing))
        for done in Path(drawing).iterdir():
            if done.suffix in (".png", ".json"):
                os.replace(done, outdir / done.name)
    return [outdir / f"{name}.png" for name in FIGURES]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python diagrams/render.py OUTDIR")
    for path in render_all(sys.argv[1]):
        print(path)
