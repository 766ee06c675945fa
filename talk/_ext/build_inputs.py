"""What the build's caches are keyed on: the bytes of the files that feed them.

conf.py keeps two caches between builds, each with a stamp of its inputs: the executed notebooks
(myst-nb's jupyter-cache, keyed by myst-nb on each notebook's own cells only, so conf.py adds the
code they import) and the drawn diagrams. A cache whose stamp no longer matches is redone.

    >>> digest = files_digest(ROOT, [ROOT / "examples" / "campus"])      # doctest: +SKIP
    >>> stamp_write(ROOT / "_build" / "diagrams" / ".inputs", digest, drawn)  # doctest: +SKIP
    >>> stamp_matches(ROOT / "_build" / "diagrams" / ".inputs", digest)       # doctest: +SKIP
    True
"""

import hashlib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["files_digest", "stamp_matches", "stamp_write"]

# What Python, the tools and a run leave beside the sources: never an input.
IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache"}
IGNORED_SUFFIXES = {".pyc", ".pyo", ".sqlite3", ".db"}


def files_digest(
    root: Path, trees: Iterable[Path], *extra: str, ignore: Iterable[Path] = ()
) -> str:
    """SHA-256 of every file under ``trees`` (its path relative to ``root`` and its bytes), and
    of ``extra`` strings (a tool's version), skipping caches, run leftovers and ``ignore`` (the
    cache's own files). A missing tree counts as empty."""
    digest = hashlib.sha256()
    skipped = {Path(path).resolve() for path in ignore}
    for tree in trees:
        if not tree.is_dir():
            continue
        for path in sorted(tree.rglob("*")):
            relative = path.relative_to(root)
            if not path.is_file() or _ignored(relative) or path.resolve() in skipped:
                continue
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    for text in extra:
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()


def _ignored(relative: Path) -> bool:
    return (
        bool(IGNORED_PARTS.intersection(relative.parts))
        or relative.suffix in IGNORED_SUFFIXES
        or any(part.endswith(".egg-info") for part in relative.parts)
    )


def stamp_matches(stamp: Path, digest: str) -> bool:
    """Whether ``stamp`` holds ``digest`` and every output it lists still exists beside it (a
    missing stamp never matches)."""
    if not stamp.is_file():
        return False
    first, *outputs = stamp.read_text().splitlines()
    return first == digest and all((stamp.parent / name).is_file() for name in outputs)


def stamp_write(stamp: Path, digest: str, outputs: Iterable[Path] = ()) -> None:
    """Record ``digest`` in ``stamp``, and the ``outputs`` made from those inputs (files in the
    stamp's folder), so a deleted output is made again."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    names = [Path(output).relative_to(stamp.parent).as_posix() for output in outputs]
    stamp.write_text("\n".join([digest, *names]) + "\n")
