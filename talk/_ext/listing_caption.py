"""Every included listing names the file it comes from.

``literalinclude`` without a ``:caption:`` gets the included file's path, from the repository
root, as its caption, so a reader always knows where the code on a page or slide lives. A
caption given explicitly is kept.
"""

from sphinx.directives.code import LiteralInclude

__all__ = ["CaptionedLiteralInclude"]


class CaptionedLiteralInclude(LiteralInclude):
    def run(self):
        self.options.setdefault("caption", self.arguments[0].lstrip("/"))
        return super().run()


def setup(app):
    app.add_directive("literalinclude", CaptionedLiteralInclude, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
