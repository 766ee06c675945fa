"""Which notebooks are pages of the site: exactly those a toctree names.

A page names its notebook in a toctree entry such as ``Notebook: inside the services
</notebooks/02-anatomy>``. Only those notebooks are sources; anything else jupyter leaves in
``notebooks/`` (``02-anatomy.nbconvert.ipynb`` from ``jupyter nbconvert --execute``, a copy saved
from JupyterLab, checkpoints) is never read, so it can neither break a ``-W`` build nor be
published. conf.py builds its ``include_patterns`` from this list, and the tests run the same list.

    >>> notebooks_named(ROOT)                                        # doctest: +SKIP
    ['notebooks/01-monolith-vs-microservices.ipynb', ..., 'notebooks/04-twelve-factor.ipynb']
"""

import re
from pathlib import Path

__all__ = ["PAGES", "notebooks_named"]

PAGES = ("index.md", "talk/*.md")  # the documents whose toctrees may name a notebook
_TOCTREE = re.compile(r"^```\{toctree\}\n(.*?)^```", re.DOTALL | re.MULTILINE)
_NOTEBOOK_ENTRY = re.compile(r"(?:<|^)/?(notebooks/[\w.-]+?)(?:\.ipynb)?>?$")


def notebooks_named(root: Path) -> list[str]:
    """Paths, relative to ``root``, of the notebooks the pages' toctrees name, sorted.

    Raises FileNotFoundError when a toctree names a notebook that does not exist, so a renamed
    notebook fails loudly here rather than as a missing page.
    """
    named = set()
    for pattern in PAGES:
        for page in sorted(root.glob(pattern)):
            for toctree in _TOCTREE.findall(page.read_text(encoding="utf-8")):
                for line in toctree.splitlines():
                    match = _NOTEBOOK_ENTRY.search(line.strip())
                    if match:
                        named.add(f"{match.group(1)}.ipynb")
    missing = sorted(path for path in named if not (root / path).is_file())
    if missing:
        raise FileNotFoundError(f"a toctree names notebooks that do not exist: {missing}")
    return sorted(named)
