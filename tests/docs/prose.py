"""The prose a reader reads on a page, out of its MyST source: sentences and paragraphs, with
code, tables, headings, directives' options, comments and the deck's speaker notes left out, and
roles read as the words they show (a measured number counts as one word).

    python tests/docs/prose.py talk/02-anatomy.md notebooks/02-anatomy.ipynb

prints, per page, its sentences' mean and longest length in words, the sentences over 40 words
and the paragraphs quoting more than three measured numbers.
"""

import json
import re
import sys
from pathlib import Path

__all__ = ["LONGEST_WORDS", "MEAN_WORDS", "MOST_NUMBERS", "paragraphs", "sentences", "words"]

MEAN_WORDS = 20
LONGEST_WORDS = 40
MOST_NUMBERS = 3  # measured numbers one paragraph may quote; more belong in a table

_FENCE = re.compile(r"^(`{3,}|:{3,})")
_GLUE = re.compile(r"\{glue(?::text)?\}`[^`]*`")
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^`]*>)?`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9`*_])")
# A full stop that ends no sentence: abbreviations, and one ending a number or a dotted name.
_LABEL_OR_OPTION = re.compile(r"^(\([\w-]+\)=|:[\w-]+:)")
_NOT_AN_END = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|Dr|Mr|Ms|No|Fig|al)\.$", re.IGNORECASE)


def _blocks(source: str) -> list[list[str]]:
    """The lines of each paragraph of reading prose; the fences' content is kept only for
    directives that hold page prose (``{only} not revealjs``, admonitions, containers)."""
    blocks, current, fences = [], [], []
    for line in source.splitlines():
        fence = _FENCE.match(line.strip())
        if fence:
            marker = fence[1]
            if fences and line.strip() == fences[-1][0]:
                fences.pop()
            elif not fences or fences[-1][1]:
                fences.append((marker, _reads_as_prose(line.strip()[len(marker) :])))
            if current:
                blocks.append(current)
                current = []
            continue
        if fences and not fences[-1][1]:
            continue
        stripped = line.strip()
        skip = not stripped or stripped.startswith(("#", "%", "|", "<!--", "---"))
        skip = skip or bool(_LABEL_OR_OPTION.match(stripped))
        if skip:
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(stripped)
    if current:
        blocks.append(current)
    return blocks


def _reads_as_prose(opening: str) -> bool:
    opening = opening.strip()
    if opening.startswith("{only}"):
        return "not revealjs" in opening
    return opening.startswith(("{note}", "{tip}", "{warning}", "{important}", "{container}"))


def _plain(text: str) -> str:
    text = _GLUE.sub("N", text)
    text = _ROLE.sub(lambda role: role[1], text)
    text = _LINK.sub(lambda link: link[1], text)
    return _HTML.sub("", text).replace("**", "").replace("`", "")


def paragraphs(source: str) -> list[str]:
    """The page's paragraphs of prose (a list item is a paragraph of its own), raw MyST."""
    found = []
    for block in _blocks(source):
        item: list[str] = []
        for line in block:
            if re.match(r"^([-*+]|\d+\.)\s", line) and item:
                found.append(" ".join(item))
                item = []
            item.append(re.sub(r"^([-*+]|\d+\.)\s+", "", line))
        found.append(" ".join(item))
    return [paragraph for paragraph in found if paragraph]


def words(text: str) -> int:
    return len(text.split())


def sentences(source: str) -> list[str]:
    """Every sentence of the page's prose, as plain text."""
    found = []
    for paragraph in paragraphs(source):
        pieces, start = [], 0
        plain = _plain(paragraph)
        for end in _SENTENCE_END.finditer(plain):
            if _NOT_AN_END.search(plain[start : end.start()]):
                continue
            pieces.append(plain[start : end.start()])
            start = end.end()
        pieces.append(plain[start:])
        found += [piece.strip() for piece in pieces if words(piece) > 0]
    return found


def numbers_in(paragraph: str) -> int:
    """The measured numbers a paragraph quotes (each pasted from a notebook by a glue role)."""
    return len(_GLUE.findall(paragraph))


def page_source(path: Path) -> str:
    """A page's MyST: the file itself, or a notebook's markdown cells."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def main(argv: list[str]) -> int:
    for name in argv:
        source = page_source(Path(name))
        found = sentences(source)
        lengths = [words(sentence) for sentence in found] or [0]
        print(
            f"{name}: {len(found)} sentences, mean {sum(lengths) / len(lengths):.1f} words, "
            f"longest {max(lengths)}"
        )
        for sentence in found:
            if words(sentence) > LONGEST_WORDS:
                print(f"  {words(sentence)} words: {sentence}")
        for paragraph in paragraphs(source):
            if numbers_in(paragraph) > MOST_NUMBERS:
                print(f"  {numbers_in(paragraph)} numbers: {_plain(paragraph)[:120]}...")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
