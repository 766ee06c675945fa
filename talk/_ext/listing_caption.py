"""Every included listing names the file it comes from, and shows where lines were left out.

``literalinclude`` without a ``:caption:`` gets the included file's path, from the repository
root, as its caption, so a reader always knows where the code on a page or slide lives. A
caption given explicitly is kept.

Where ``:lines:`` skips lines, the listing shows the cut as a line of its own, indented as the
first line it stands for: ``...`` in Python (an expression statement, so the listing still
compiles) and ``# ...`` elsewhere (a comment in TOML and YAML). A reader never mistakes a
spliced listing for the real file.
"""

from docutils import nodes
from sphinx.directives.code import LiteralInclude, LiteralIncludeReader

__all__ = ["CaptionedLiteralInclude", "ElidingReader", "cut_mark", "line_numbers", "listing_text"]


def cut_mark(skipped_first_line: str, language: str) -> str:
    """The line that stands for lines left out, indented as the first of them.

    >>> cut_mark("        return x\\n", "python")
    '        ...\\n'
    >>> cut_mark("  image: campus\\n", "yaml")
    '  # ...\\n'
    """
    indent = skipped_first_line[: len(skipped_first_line) - len(skipped_first_line.lstrip())]
    indent = indent.rstrip("\n")
    return f"{indent}{'...' if language == 'python' else '# ...'}\n"


def line_numbers(spec: str, total: int) -> list[int]:
    """The 0-based line numbers a ``:lines:`` spec keeps of ``total`` lines.

    >>> line_numbers("1,3-4,6-", 7)
    [0, 2, 3, 5, 6]
    """
    numbers = []
    for part in spec.split(","):
        first, dash, last = part.strip().partition("-")
        start = int(first) if first else 1
        end = (int(last) if last else total) if dash else start
        numbers.extend(range(start - 1, end))
    return numbers


class ElidingReader(LiteralIncludeReader):
    """Sphinx's reader, except that a gap in ``:lines:`` leaves a cut mark behind."""

    def lines_filter(self, lines, location=None):
        spec = self.options.get("lines")
        kept = super().lines_filter(lines, location)
        if not spec:
            return kept
        language = self.options.get("language", "python")
        numbers = [n for n in line_numbers(spec, len(lines)) if n < len(lines)]
        marked, previous = [], None
        for number in numbers:
            if previous is not None and number > previous + 1:
                marked.append(cut_mark(lines[previous + 1], language))
            marked.append(lines[number])
            previous = number
        if numbers and numbers[-1] < len(lines) - 1:
            marked.append(cut_mark(lines[numbers[-1] + 1], language))  # the region goes on
        return marked


def listing_text(filename: str, options: dict, config) -> str:
    """The text a ``literalinclude`` of ``filename`` with ``options`` shows."""
    text, _ = ElidingReader(filename, options, config).read()
    return text


class CaptionedLiteralInclude(LiteralInclude):
    def run(self):
        self.options.setdefault("caption", self.arguments[0].lstrip("/"))
        result = super().run()
        if "lines" not in self.options or not result:
            return result
        _, filename = self.env.relfn2path(self.arguments[0])
        text = listing_text(filename, self.options, self.config)
        for block in result[0].findall(nodes.literal_block):
            block.rawsource = text
            block.children = [nodes.Text(text)]
            break
        return result


def setup(app):
    app.add_directive("literalinclude", CaptionedLiteralInclude, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
