"""Several Sphinx builds, one after the other, in one Python process.

``make docs`` builds the site and then the deck. Each ``sphinx-build`` process first imports
Sphinx, myst-nb and what they load (nbformat, jupyter-cache, matplotlib through the Open Graph
extension): about two seconds of CPU, the larger part of a build in which nothing changed. Run
in one process, the second build finds them imported. Each build is Sphinx's own
``build_main``, which runs inside a fresh docutils namespace (the directives and roles an
extension registers are undone after it), so the second starts as a new process would.

    python talk/_ext/sphinx_builds.py "-b html -W . _build/html" "-b revealjs -W . _build/slides"

Exit status: the first non-zero status of a build (the later builds are not run), else 0.
"""

import shlex
import sys

from sphinx.cmd.build import build_main

__all__ = ["builds_run"]


def builds_run(builds: list[list[str]]) -> int:
    """Run each ``sphinx-build`` argument list in turn; the first failing status, or 0."""
    for arguments in builds:
        status = build_main(arguments)
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(builds_run([shlex.split(build) for build in sys.argv[1:]]))
