"""The build's caches are keyed on their inputs (talk/_ext/build_inputs.py): a changed source
redoes them, what Python or the tools leave beside the sources does not, and a deleted output is
made again."""

from build_inputs import files_digest, stamp_matches, stamp_write  # talk/_ext, on sys.path


def _tree(tmp_path):
    package = tmp_path / "campus"
    (package / "__pycache__").mkdir(parents=True)
    (package / "registry.py").write_text("SERVICES = ['catalog']\n")
    return package


def test_a_changed_source_changes_the_digest(tmp_path):
    package = _tree(tmp_path)
    before = files_digest(tmp_path, [package])
    (package / "registry.py").write_text("SERVICES = ['catalog', 'enrollments']\n")
    assert files_digest(tmp_path, [package]) != before


def test_bytecode_and_tool_caches_do_not_count(tmp_path):
    package = _tree(tmp_path)
    before = files_digest(tmp_path, [package])
    (package / "__pycache__" / "registry.cpython-311.pyc").write_bytes(b"\0compiled")
    (package / "state.sqlite3").write_bytes(b"a run's data")
    assert files_digest(tmp_path, [package]) == before


def test_a_tools_version_is_an_input_too(tmp_path):
    package = _tree(tmp_path)
    older, newer = (files_digest(tmp_path, [package], f"dot {v}") for v in ("2.43", "9.0"))
    assert older != newer


def test_a_stamp_matches_its_digest_only_while_its_outputs_exist(tmp_path):
    out = tmp_path / "diagrams"
    out.mkdir()
    drawn = out / "monolith.png"
    drawn.write_bytes(b"png")
    stamp_write(out / ".inputs", "abc", [drawn])
    assert stamp_matches(out / ".inputs", "abc")
    assert not stamp_matches(out / ".inputs", "abd")
    drawn.unlink()
    assert not stamp_matches(out / ".inputs", "abc")


def test_without_a_stamp_nothing_matches(tmp_path):
    assert not stamp_matches(tmp_path / ".inputs", "abc")
