"""Which notebook the build is executing, and how long each took, as it goes.

myst-nb executes a notebook while Sphinx reads it, and says so only at Sphinx's verbose level
(``make docs`` builds with ``-q``). This prints one line on stderr before a notebook runs and one
after, whatever the verbosity:

    notebook 5/8 notebooks/05-run-for-real.ipynb: executing
    notebook 5/8 notebooks/05-run-for-real.ipynb: executed in 12.3 s

The notebooks the cache lacks run before Sphinx reads any page, two at a time
(`notebook_prerun`), and report as they go. A notebook whose outputs the cache holds says
``cached outputs read in 0.1 s`` as it is read. The numbering counts the notebooks this build
reads (Sphinx reads only what changed).
"""

import logging
import sys
import time
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from notebook_prerun import notebooks_execute

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
        self.executed: set[str] = set()  # docnames run by `notebooks_execute`, before reading

    def before_read(self, app, env, docnames) -> None:
        # accessible-pygments (the code style, imported by the builder) calls
        # logging.basicConfig(level=INFO) on import, so every library's INFO line printed: among
        # them nbclient's "Executing notebook with kernel: python3", once per notebook, naming
        # none. Python's default, WARNING, again; this module says which notebook runs.
        logging.getLogger().setLevel(logging.WARNING)
        self.notebooks = [d for d in sorted(docnames) if _is_notebook(env, d)]
        if app.config.nb_execution_mode == "cache":  # two at a time (`notebook_prerun`)
            paths = {Path(env.doc2path(d)): d for d in self.notebooks}
            ran = notebooks_execute(
                list(paths),
                cache_path=app.config.nb_execution_cache_path or ".jupyter_cache",
                timeout=app.config.nb_execution_timeout,
                say=lambda path, what: self._say(app, paths[path], what),
            )
            self.executed = {paths[path] for path in ran}

    def source_read(self, app, docname, source) -> None:
        if docname not in self.notebooks or docname in self.executed:
            return  # not a notebook, or one executed and reported before the reading
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
        # One write per line: two notebooks run at once (`notebook_prerun`), and print() writes
        # the text and its newline apart, so two threads' lines could run into one.
        sys.stderr.write(progress_line(position, len(self.notebooks), path, what) + "\n")
        sys.stderr.flush()


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
