"""The layers of the test suite (talk/_ext/suite_layers.py): every test file falls in exactly one
layer, every entry names something that exists, each layer's example is a real test, and the
count of tests is read from the files as pytest would collect them."""

from pathlib import Path

from suite_layers import LAYERS, file_count, layer_counts, layer_of, suite_files
from suite_pyramid import RECORD, pyramid_draw, recorded

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_file_falls_in_exactly_one_layer():
    placed = {path: [layer.name for layer in layer_of(path)] for path in suite_files(ROOT)}
    assert len(placed) > 100
    misplaced = {path: layers for path, layers in placed.items() if len(layers) != 1}
    assert misplaced == {}, "map these in talk/_ext/suite_layers.py (LAYERS)"


def test_every_entry_of_a_layer_names_a_test_folder_or_file_that_exists():
    entries = [entry for layer in LAYERS for entry in layer.paths.split()]
    stale = [entry for entry in entries if not (ROOT / "tests" / entry).exists()]
    assert (len(entries), stale) == (len(set(entries)), [])


def test_each_layers_example_is_a_test_function_of_that_layer():
    for layer in LAYERS:
        path, name = layer.example.split("::")
        assert layer_of(path) == [layer]
        assert f"def {name}(" in (ROOT / "tests" / path).read_text(encoding="utf-8")


def test_a_test_counts_once_per_listed_case_and_per_param_of_a_fixture_it_uses(tmp_path):
    source = tmp_path / "test_sample.py"
    source.write_text(
        "import pytest\n"
        "@pytest.fixture(params=['a', 'b', 'c'])\n"
        "def letter(request): return request.param\n"
        "def test_plain(): pass\n"
        "@pytest.mark.parametrize('n', [1, 2])\n"
        "def test_cases(n, platform): pass\n"
        "@pytest.mark.parametrize('n', NAMES)\n"
        "def test_cases_not_written_out(n, letter): pass\n"
        "class TestGroup:\n"
        "    def test_method(self): pass\n"
        "def helper(): pass\n"
    )
    # 1 + 2 cases x 2 shapes + 1 unknown x 3 letters + 1 method
    assert file_count(source, {"platform": 2}) == 1 + 4 + 3 + 1


def test_the_counts_cover_every_layer_and_match_pytests_collection_of_a_sample():
    counts = layer_counts(ROOT)
    assert set(counts) == {layer.name for layer in LAYERS}
    # tests/catalog/test_views.py: its parametrized refusals run on both shapes, as pytest does.
    assert file_count(ROOT / "tests/catalog/test_views.py", {"platform": 2}) > 20


def test_the_recorded_run_names_its_commit_date_and_how_it_ended():
    header, seconds, ran = recorded(ROOT)
    assert (len(header["commit"]), header["date"][:2]) == (40, "20")
    assert header["exit_status"] in (0, 1, 2)
    assert sum(ran.values()) > 0
    assert set(seconds) <= {layer.name for layer in LAYERS}
    assert (ROOT / RECORD).is_file()


def test_the_figure_is_drawn_once_and_not_again_while_nothing_changed(tmp_path):
    figure = pyramid_draw(ROOT, tmp_path / "pyramid.png")
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    drawn = figure.stat().st_mtime_ns
    assert pyramid_draw(ROOT, figure).stat().st_mtime_ns == drawn


def test_the_counts_kept_in_the_cache_are_read_again_until_a_test_file_changes(tmp_path):
    folder = LAYERS[0].paths.split()[0]  # a folder or a file of the first layer
    path = tmp_path / "tests" / (folder + "test_sample.py" if folder.endswith("/") else folder)
    path.parent.mkdir(parents=True)
    path.write_text("def test_one(): pass\n")
    cache = tmp_path / "counts.json"
    assert layer_counts(tmp_path, cache=cache)[LAYERS[0].name] == 1
    kept = cache.read_text()
    assert layer_counts(tmp_path, cache=cache)[LAYERS[0].name] == 1
    assert cache.read_text() == kept  # read, not written again
    path.write_text("def test_one(): pass\ndef test_two(): pass\n")
    assert layer_counts(tmp_path, cache=cache)[LAYERS[0].name] == 2
    assert layer_counts(tmp_path) == layer_counts(tmp_path, cache=cache)
