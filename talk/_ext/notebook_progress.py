"""Which notebook the build is executing, and how long each took, as it goes.

myst-nb executes a notebook while Sphinx reads it, and says so only at Sphinx's verbose level
(``make docs`` builds with ``-q``). This prints one line on stderr before a notebook runs and one
after, whatever the verbosity:

    notebook 5/8 notebooks/05-run-for-real.ipynb: executing
    notebook 5/8 notebooks/05-run-for-real.ipynb: executed in 12.3 s

A notebook whose outputs myst-nb's cache holds says ``cached outputs read in 0.1 s`` instead. The
numbering counts the notebooks this build reads (Sphinx reads only what changed).
"""

import logging
import sys
import time
from pathlib import Path

import nbformat
from jupyter_cache import get_cache

__all__ = ["progress_line", "setup"]


def progress_line(position: int, total: int, path: str, what: str) -> str:
    """One line of progress, such as ``notebook 5/8 notebooks/05-run-for-real.ipynb: executing``.

    >>> progress_line(5, 8, "notebooks/05-run-for-real.ipynb", "executed in 12.3 s")
    'notebook 5/8 notebooks/05-run-for-real.ipynb: executed in 12.3 s'
    """
    return f"notebook {position}/{total} {path}: {what}"


class _Progress:
    def __init__(self):
        self.notebooks: list[str] = []  # docnames of the notebooks this build reads, in order
        self.started: dict[str, tuple[float, bool]] = {}  # docname: (perf_counter, executes)

    def before_read(self, app, env, docnames) -> None:
        # accessible-pygments (the code style, imported by the builder) calls
        # logging.basicConfig(level=INFO) on import, so every library's INFO line printed: among
        # them nbclient's "Executing notebook with kernel: python3", once per notebook, naming
        # none. Python's default, WARNING, again; this module says which notebook runs.
        logging.getLogger().setLevel(logging.WARNING)
        self.notebooks = [d for d in sorted(docnames) if _is_notebook(env, d)]

    def source_read(self, app, docname, source) -> None:
        if docname not in self.notebooks:
            return
        executes = _executes(app, app.env.doc2path(docname))
        self.started[docname] = (time.perf_counter(), executes)
        if executes:
            self._say(app, docname, "executing")

    def doctree_read(self, app, doctree) -> None:
        docname = app.env.docname
        if docname not in self.started:
            return
        began, executed = self.started.pop(docname)
        took = time.perf_counter() - began
        done = "executed" if executed else "cached outputs read"
        self._say(app, docname, f"{done} in {took:.1f} s")

    def _say(self, app, docname: str, what: str) -> None:
        path = Path(app.env.doc2path(docname)).relative_to(app.srcdir).as_posix()
        position = self.notebooks.index(docname) + 1
        print(progress_line(position, len(self.notebooks), path, what), file=sys.stderr, flush=True)


def _is_notebook(env, docname: str) -> bool:
    return Path(env.doc2path(docname)).suffix == ".ipynb"


def _executes(app, path) -> bool:
    """Whether myst-nb will run the notebook: always in "force" mode, never in "off", and in
    "cache" mode when jupyter-cache holds no outputs for its code (the question myst-nb asks)."""
    mode = app.config.nb_execution_mode
    if mode != "cache":
        return mode in ("force", "auto", "inline")
    cache = get_cache(app.config.nb_execution_cache_path or ".jupyter_cache")
    try:
        cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return True
    return False


def setup(app):
    progress = _Progress()
    app.connect("env-before-read-docs", progress.before_read)
    app.connect("source-read", progress.source_read)
    app.connect("doctree-read", progress.doctree_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
