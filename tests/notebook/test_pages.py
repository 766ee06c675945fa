"""A notebook glues values for the pages without importing the IRI grammar nothing here uses."""

import functools
import json
import subprocess
import sys

GLUED = """
import json, sys
from IPython.core.interactiveshell import InteractiveShell
from campus.notebook.pages import glue

shown = []
shell = InteractiveShell.instance()
shell.display_pub.publish = lambda data, metadata=None, **kwargs: shown.append(data)
glue("hop_p50_ms", 2.4, display=False)
print(json.dumps({
    "shown": shown,
    "grammar": "rfc3987_syntax" in sys.modules,
    "loaded": sorted(name for name in ("jsonschema", "nbformat") if name in sys.modules),
}))
"""


@functools.cache
def _glued() -> dict:
    run = subprocess.run([sys.executable, "-c", GLUED], capture_output=True, text=True, check=True)
    return json.loads(run.stdout.splitlines()[-1])


def test_a_glued_value_reaches_the_notebook_as_myst_nb_records_it():
    assert _glued()["shown"] == [{"application/papermill.record/text/plain": "2.4"}]


def test_gluing_loads_jsonschema_and_nbformat_but_not_the_iri_grammar():
    glued = _glued()
    assert (glued["grammar"], glued["loaded"]) == (False, ["jsonschema", "nbformat"])
