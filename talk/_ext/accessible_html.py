"""Two fixes to the HTML that Sphinx and the theme write, found by axe-core (WCAG 2.1 rules):

* a toctree caption is ``<p role="heading">`` without ``aria-level``, which a screen reader needs
  to place the heading (axe rule ``aria-required-attr``, critical);
* a code block that scrolls sideways cannot be reached from the keyboard unless it can take focus
  (axe rule ``scrollable-region-focusable``, serious), so every ``<pre>`` gets ``tabindex="0"``.

Both apply to the page body and to the theme's navigation tree (furo's ``furo_navigation_tree``),
after the theme has rendered it.
"""

import re

__all__ = ["html_make_accessible"]

_CAPTION = re.compile(r'<p class="caption" role="heading"(?![^>]*aria-level)')
_PRE = re.compile(r"<pre(?=[\s>])(?![^>]*tabindex)")
_PARTS = ("body", "furo_navigation_tree")


def html_make_accessible(html: str) -> str:
    """The same HTML with captions given a heading level and code blocks made focusable.

    >>> html_make_accessible('<p class="caption" role="heading"><pre>x</pre>')
    '<p class="caption" role="heading" aria-level="2"><pre tabindex="0">x</pre>'
    """
    html = _CAPTION.sub(r'\g<0> aria-level="2"', html)
    return _PRE.sub(r'\g<0> tabindex="0"', html)


def _page_fix(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "html":
        return
    for part in _PARTS:
        if isinstance(context.get(part), str):
            context[part] = html_make_accessible(context[part])


def setup(app):
    # After the theme's own handler (priority 500), which renders the navigation tree.
    app.connect("html-page-context", _page_fix, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
