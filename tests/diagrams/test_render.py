"""`render_all` and the command line write the figures where the site and the deck look for them."""

import json
import subprocess
import sys
from pathlib import Path

from figures import FIGURES
from PIL import Image
from render import render_all

RENDER = Path(__file__).resolve().parents[2] / "diagrams" / "render.py"
DECK_WIDTH_PX = 1280  # revealjs_script_conf in conf.py: the canvas a slide is laid out on

# Loads render.py by its path with nothing added to sys.path (one way a build may load it).
_LOAD_BY_PATH = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("loaded_by_path", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(*module.render_all(sys.argv[2]), sep="\\n")
"""


def test_render_all_writes_every_figure_as_a_png_at_least_as_wide_as_a_slide(tmp_path):
    written = render_all(tmp_path / "out")
    assert written == [tmp_path / "out" / f"{name}.png" for name in FIGURES]
    for path in written:
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.width >= DECK_WIDTH_PX, path.name


def test_render_all_writes_a_label_sidecar_beside_each_png(tmp_path):
    for path in render_all(tmp_path):
        sidecar = json.loads(path.with_name(path.stem + ".labels.json").read_text())
        assert sidecar["image"] == path.name
        assert sidecar["labels"], path.name


def _python_prints(*arguments: str, cwd: Path) -> list[str]:
    """Run a fresh interpreter (so nothing this test session imported helps) and read its lines."""
    done = subprocess.run(
        [sys.executable, *arguments], cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_render_py_loaded_by_its_path_alone_still_finds_its_neighbours(tmp_path):
    printed = _python_prints("-c", _LOAD_BY_PATH, str(RENDER), str(tmp_path), cwd=tmp_path)
    assert printed == [str(tmp_path / f"{name}.png") for name in FIGURES]


def test_the_command_line_prints_the_figures_it_wrote(tmp_path):
    printed = _python_prints(str(RENDER), str(tmp_path), cwd=tmp_path)
    assert printed == [str(tmp_path / f"{name}.png") for name in FIGURES]
    assert all(Path(path).is_file() for path in printed)
