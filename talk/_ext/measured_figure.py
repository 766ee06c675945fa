"""A figure drawn by a notebook at build time, pasted into a page with alt text of its own.

myst-nb pastes another document's glued image (``{glue}`` with ``:doc:``) late in the build, as
an image with no alt text, so a screen reader would announce its file name. This directive does
the same pasting inside a figure that remembers the alt text, and gives it to the image once
myst-nb has put it there::

    ```{measured-figure} hop_latency_figure
    :doc: /notebooks/01-monolith-vs-microservices.ipynb
    :alt: Box plots of one hop against one Python call, and of a dashboard request.
    ```
"""

from docutils import nodes
from docutils.parsers.rst import directives
from myst_nb.ext.glue.directives import PasteAnyDirective
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["MeasuredFigure", "MeasuredFigureAlt"]

_CLASS = "measured-figure"


class MeasuredFigure(PasteAnyDirective):
    """``{glue}`` from another document, wrapped in a figure that carries ``:alt:``."""

    option_spec = {
        "doc": directives.unchanged_required,
        "alt": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        figure = nodes.figure("", classes=[_CLASS])
        figure["alt"] = self.options["alt"]
        figure += super().run()
        return [figure]


class MeasuredFigureAlt(SphinxPostTransform):
    """Hands each measured figure's alt text to the image pasted into it."""

    # myst-nb replaces its pending glue references at priority 5.
    default_priority = 6

    def run(self, **kwargs) -> None:
        for figure in self.document.findall(nodes.figure):
            if _CLASS in figure["classes"]:
                for image in figure.findall(nodes.image):
                    image["alt"] = figure["alt"]


def setup(app):
    app.add_directive("measured-figure", MeasuredFigure)
    app.add_post_transform(MeasuredFigureAlt)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
