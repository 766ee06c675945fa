"""Scratch files and folders for a notebook (logs, pacts, a throwaway database server's data),
removed when Python exits, so a learner's machine keeps nothing from a run.

    >>> folder = scratch_folder("campus-pacts-")
    >>> folder.is_dir()
    True
"""

import atexit
import shutil
import tempfile
from pathlib import Path

__all__ = ["scratch_file", "scratch_folder"]


def scratch_file(prefix: str, suffix: str = "") -> Path:
    """A new empty file in the temporary folder."""
    with tempfile.NamedTemporaryFile(prefix=prefix, suffix=suffix, delete=False) as file:
        path = Path(file.name)
    atexit.register(path.unlink, missing_ok=True)
    return path


def scratch_folder(prefix: str) -> Path:
    """A new empty folder in the temporary folder."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path
