"""Makes the modules under the repository's ``diagrams/`` folder importable in these tests.

That folder is not a package on purpose: it shares its name with the ``diagrams`` library it
draws with, and an ``__init__.py`` there would shadow the library. Its modules (``architecture``,
``nodes``, ``figures``, ``render``) import one another by their bare names, as they do when
``python diagrams/render.py`` runs, so the folder itself goes on ``sys.path`` here. It holds no
``diagrams`` entry, so ``import diagrams`` still finds the installed library.
"""

import sys
from pathlib import Path

DIAGRAMS_FOLDER = Path(__file__).resolve().parents[2] / "diagrams"

if str(DIAGRAMS_FOLDER) not in sys.path:
    sys.path.insert(0, str(DIAGRAMS_FOLDER))
