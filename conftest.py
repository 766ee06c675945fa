"""``pytest --nbmake notebooks`` runs, as notebook tests, exactly the notebooks the site publishes.

nbmake would collect every ``*.ipynb`` under ``notebooks/``, including an executed copy that
``jupyter nbconvert --execute`` leaves beside the original; those are the learner's, not ours.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "talk" / "_ext"))

from site_notebooks import notebooks_named  # noqa: E402 (found through the line above)

PUBLISHED = {ROOT / path for path in notebooks_named(ROOT)}


def pytest_ignore_collect(collection_path: Path, config):
    path = collection_path.resolve()
    if path.suffix == ".ipynb" and path.parent == ROOT / "notebooks" and path not in PUBLISHED:
        return True
    return None  # pytest decides as usual


@pytest.hookimpl(tryfirst=True)
def pytest_terminal_summary(config):
    # nbmake ends every run with an advert for itself unless its option looks off by then; the
    # notebooks have run, so turning it off now changes nothing else.
    config.option.nbmake = False
