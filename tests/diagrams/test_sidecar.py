"""The label sidecar says where each label really is in the PNG it sits beside."""

import json

import pytest
from architecture import architecture
from figures import FIGURES
from PIL import Image
from sidecar import labels_of, sidecar_write

_INK = 140  # luminance below which a pixel is text (grey sublabels are about 107), not background


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every figure drawn once: name -> (its sidecar, its PNG as greyscale)."""
    outdir = tmp_path_factory.mktemp("figures")
    for draw in FIGURES.values():
        draw(architecture(), outdir)
    return {
        name: (
            json.loads((outdir / f"{name}.labels.json").read_text()),
            Image.open(outdir / f"{name}.png").convert("L"),
        )
        for name in FIGURES
    }


def _layout(**graph) -> dict:
    text = {"op": "T", "pt": [50, 20], "align": "l", "width": 40, "text": "hi"}
    font = {"op": "F", "size": 18.0, "face": "DejaVu Sans"}
    return {"bb": "0,0,100,50", "objects": [{"name": "a", "_ldraw_": [font, text]}], **graph}


@pytest.mark.parametrize("name", FIGURES)
def test_the_sidecar_gives_the_size_of_the_png_beside_it(rendered, name):
    sidecar, png = rendered[name]
    assert sidecar["image"] == f"{name}.png"
    assert (sidecar["width"], sidecar["height"]) == png.size


@pytest.mark.parametrize("name", FIGURES)
def test_every_service_name_drawn_is_a_label_in_the_sidecar(rendered, name):
    sidecar, _png = rendered[name]
    texts = {label["text"] for label in sidecar["labels"]}
    drawn = {spec.name for spec in architecture().services if spec.name in texts}
    assert len(drawn) >= 3, texts


@pytest.mark.parametrize("name", FIGURES)
def test_each_label_box_lies_in_the_png_and_has_ink_in_it(rendered, name):
    sidecar, png = rendered[name]
    for label in sidecar["labels"]:
        box = label["box"]
        assert 0 <= box["left"] < box["right"] <= sidecar["width"], label
        assert 0 <= box["top"] < box["bottom"] <= sidecar["height"], label
        inside = png.crop((box["left"], box["top"], box["right"], box["bottom"]))
        assert inside.getextrema()[0] < _INK, f"no text drawn where {label} says"


@pytest.mark.parametrize("name", FIGURES)
def test_a_label_box_is_as_tall_as_the_line_graphviz_makes_room_for(rendered, name):
    sidecar, _png = rendered[name]
    for label in sidecar["labels"]:
        height = label["box"]["bottom"] - label["box"]["top"]
        assert height == pytest.approx(1.2 * label["font_px"], abs=0.2), label


def test_points_become_pixels_at_the_layouts_dpi_with_its_padding_and_y_pointing_down():
    sidecar = labels_of(_layout(dpi="144", pad="0.5"))
    # 2 px a point; 36 pt of padding on each side; y from the top of 50 + 36 pt.
    assert (sidecar["width"], sidecar["height"]) == (344, 244)
    assert sidecar["labels"] == [
        {
            "text": "hi",
            "font_px": 36.0,
            "box": {"left": 172.0, "top": 96.0, "right": 252.0, "bottom": 139.2},
            "owner": "node a",
        }
    ]


def test_a_layout_without_a_dpi_is_read_at_graphvizs_96_dots_per_inch():
    assert labels_of(_layout())["labels"][0]["font_px"] == 24.0


def test_a_sidecar_is_refused_for_a_png_of_another_layout(tmp_path):
    png = tmp_path / "other.png"
    Image.new("RGB", (500, 500)).save(png)
    with pytest.raises(ValueError, match=r"other.png is 500 x 500 px, its layout says 344 x 244"):
        sidecar_write(_layout(dpi="144", pad="0.5"), png)
    assert not (tmp_path / "other.labels.json").exists()
