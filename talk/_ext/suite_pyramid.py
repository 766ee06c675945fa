"""The test pyramid of this repository, on a page: ``{suite-pyramid}`` writes a table of the
layers (`suite_layers.LAYERS`), each with what it catches, its folders, how many tests it holds
now and how long it ran in the recorded run, then one example test of each, read from its file.

At ``builder-inited`` the figure is drawn with matplotlib into ``_build/pyramid/test-pyramid.png``
(a page shows it as ``/_build/pyramid/test-pyramid.png``), only when the counts or the recording
changed: reading the tests costs a fraction of a second, drawing them more::

    ```{suite-pyramid}
    ```
"""

import ast
import hashlib
import json
from collections import Counter
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from suite_layers import LAYERS, layer_counts, layer_of, suite_files

__all__ = ["RECORD", "SuitePyramid", "pyramid_draw", "recorded"]

FIGURE = Path("_build/pyramid/test-pyramid.png")
COUNTS = FIGURE.with_name("counts.json")  # `layer_counts`' cache
# Written by `make test TEST_RECORD=tests/recorded/suite-run.json` (tests/suite_record.py).
RECORD = Path("tests/recorded/suite-run.json")


def recorded(root: Path) -> tuple[dict, Counter, Counter]:
    """The recorded run: its header (commit, date, workers, wall time), and per layer name the
    seconds its files took and how many tests ran. Layers the run left out have no entry."""
    record = json.loads((root / RECORD).read_text(encoding="utf-8"))
    seconds, ran = Counter(), Counter()
    files = record.pop("files")
    record["files_ran"] = len(files)
    for name, entry in files.items():
        for layer in layer_of(name.removeprefix("tests/")):
            seconds[layer.name] += entry["seconds"]
            ran[layer.name] += entry["tests"]
    return record, seconds, ran


def _example_source(root: Path, example: str) -> str:
    path, name = example.split("::")
    text = (root / "tests" / path).read_text(encoding="utf-8")
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            return "\n".join(text.splitlines()[first - 1 : node.end_lineno])
    raise ValueError(f"{example}: no such test function")


def pyramid_draw(root: Path, out: Path) -> Path:
    """Draw the layers, bottom up, each as wide as its count of tests; skip if unchanged."""
    counts = layer_counts(root, cache=out.with_name(COUNTS.name))
    header, seconds, _ran = recorded(root)
    rows = [(layer.name, counts[layer.name], seconds.get(layer.name)) for layer in LAYERS]
    digest = hashlib.sha256(json.dumps([rows, header["date"]]).encode()).hexdigest()
    stamp = out.with_suffix(".inputs")
    if out.exists() and stamp.exists() and stamp.read_text() == digest:
        return out
    import matplotlib  # only when something changed: importing it is most of the cost

    matplotlib.use("Agg")
    from matplotlib import pyplot

    widest = max(count for _, count, _ in rows)
    figure, axes = pyplot.subplots(figsize=(9, 4.6), dpi=150)
    for level, (name, count, spent) in enumerate(rows):
        axes.barh(level, count, left=-count / 2, height=0.86, color="#4C72B0")
        took = "not in the recorded run" if spent is None else f"{spent:.1f} s"
        axes.text(widest / 2 + widest * 0.02, level, f"{name}: {count} tests, {took}",
                  va="center", fontsize=12)  # fmt: skip
    axes.set_xlim(-widest / 2, widest * 1.35)
    axes.set_axis_off()
    axes.set_title("This repository's tests by layer (width: number of tests)", fontsize=13)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, bbox_inches="tight")
    pyplot.close(figure)
    stamp.write_text(digest)
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


class SuitePyramid(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        files = suite_files(root)
        for path in [RECORD, *(Path("tests") / name for name in files)]:
            self.env.note_dependency(str(root / path))
        counts = layer_counts(root, cache=root / COUNTS)
        header, seconds, ran = recorded(root)
        ended = (
            ""
            if header["exit_status"] == 0
            else f", ended with exit status {header['exit_status']}"
        )
        widest = max(LAYERS, key=lambda layer: counts[layer.name])
        lines = [
            f"Tests counted in the files as this page was built: {sum(counts.values())}; the "
            f"widest layer is {widest.name.lower()}, with {counts[widest.name]}. "
            f"Durations from the recorded run of {header['date'][:10]} (commit "
            f"`{header['commit'][:10]}`{', with local changes' if header['changes'] else ''}, "
            f"{header['workers'] or 1} worker(s), {header['wall_seconds']:.0f} s from start to "
            f"end{ended}; {header['files_ran']} of {len(files)} test files ran). A test's time is "
            "its set-up, call and tear-down added up. A parametrize over a name rather than a "
            "written list counts once here, so the count now is a floor; the recorded run's own "
            "count is beside it.",
            "",
            "| Layer | A failure here means | Folders and files under tests/ | Tests now "
            "| Ran in the recording | Seconds in the recording |",
            "|---|---|---|---|---|---|",
        ]
        for layer in LAYERS:
            where = ", ".join(f"`{entry}`" for entry in layer.paths.split())
            spent = seconds.get(layer.name)
            lines.append(
                f"| {layer.name} | {_cell(layer.catches)} | {where} | {counts[layer.name]} | "
                f"{ran.get(layer.name, 'not run')} | "
                f"{'—' if spent is None else f'{spent:.1f}'} |"
            )
        for layer in LAYERS:
            lines += ["", f"**{layer.name}**: `tests/{layer.example}`", "", "```python"]
            lines += [_example_source(root, layer.example), "```"]
        container = nodes.container(classes=["suite-pyramid"])
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), 0, container)
        return [container]


def _draw(app) -> None:
    pyramid_draw(Path(app.srcdir), Path(app.srcdir) / FIGURE)


def setup(app):
    app.add_directive("suite-pyramid", SuitePyramid)
    app.connect("builder-inited", _draw)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
