"""Execute the notebooks a build must run, two at a time, before Sphinx reads them.

myst-nb runs a notebook while Sphinx reads it, one after the other, though most notebooks keep
one core busy and this machine has two. Here the notebooks whose outputs jupyter-cache lacks run
first, each in its own kernel, as myst-nb would run them (from their own folder, with its timeout),
and their outputs go into the cache. myst-nb then reads them from there.

Two in-process notebooks share the two cores; a notebook that starts ``campus up`` (a dozen
processes; its metadata says so: ``"campus": {"starts_campus_up": true}``) runs alone, so its
figures are not measured beside another notebook's load. A notebook that fails is not cached:
myst-nb runs it again as it reads it, and reports the error its way.

    >>> paths = [Path("a.ipynb"), Path("07.ipynb"), Path("b.ipynb")]
    >>> batches(paths, alone=lambda path: path.stem == "07")
    [[PosixPath('a.ipynb'), PosixPath('b.ipynb')], [PosixPath('07.ipynb')]]
"""

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

__all__ = ["TOGETHER", "batches", "notebooks_execute", "starts_campus_up"]

TOGETHER = 2  # notebooks at a time: the cores of the machines this site is built on


def batches(paths: list[Path], *, alone: Callable[[Path], bool]) -> list[list[Path]]:
    """The notebooks run together in one batch (`TOGETHER` at a time), then each one that
    must run ``alone`` in a batch of its own."""
    shared = [p for p in paths if not alone(p)]
    return [shared] * bool(shared) + [[p] for p in paths if alone(p)]


def starts_campus_up(path: Path) -> bool:
    """Whether the notebook's metadata says it starts ``campus up``."""
    metadata = nbformat.read(path, as_version=4).metadata
    return bool(metadata.get("campus", {}).get("starts_campus_up"))


def notebooks_execute(
    paths: list[Path], *, cache_path: str, timeout: int, say: Callable
) -> Iterator[Path]:
    """Run each notebook of ``paths`` that ``cache_path`` holds no outputs for, cache what it
    printed, and yield it; ``say(path, what)`` reports each start and end."""
    cache = get_cache(cache_path)
    stale = [p for p in paths if not _cached(cache, p)]
    for batch in batches(stale, alone=starts_campus_up):
        with ThreadPoolExecutor(max_workers=TOGETHER, thread_name_prefix="notebook") as pool:
            runs = [(path, pool.submit(_run, path, timeout, say)) for path in batch]
            for path, run in runs:
                notebook, result = run.result()
                if result.err is None:  # the cache's database is written from this thread only
                    record = cache.add_nb_to_project(str(path))
                    bundle = CacheBundleIn(
                        notebook, record.uri, data={"execution_seconds": result.time}
                    )
                    cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
                    yield path


def _cached(cache, path: Path) -> bool:
    try:
        cache.match_cache_notebook(nbformat.read(path, as_version=4))
    except KeyError:
        return False
    return True


def _run(path: Path, timeout: int, say: Callable):
    notebook = nbformat.read(path, as_version=4)
    say(path, "executing")
    began = time.perf_counter()
    cwd = str(path.parent)
    result = single_nb_execution(notebook, cwd=cwd, timeout=timeout, allow_errors=False)
    took = time.perf_counter() - began
    if result.err is None:
        say(path, f"executed in {took:.1f} s")
    else:  # myst-nb runs it again as it reads it, and shows the cell's error its way
        say(path, f"failed after {took:.1f} s: {type(result.err).__name__}")
    return notebook, result
