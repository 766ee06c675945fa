"""How the event checks load jsonschema: once, by one thread, without the IRI grammar."""

import subprocess
import sys

# A fresh interpreter each: what is tested is the first import of jsonschema in a process.
# Each entry point imports jsonschema's modules in its own order: before the lock, most runs of
# this mix failed with an ImportError naming a partially initialised module.
FIRST_CHECKS_TOGETHER = """
import sys, threading
from campus.events.validation import formats, schema_check, validator_load

check = lambda: schema_check({"type": "object"}, {}, where="data")
calls = [validator_load, formats, check] * 3
barrier, failures = threading.Barrier(len(calls)), []

def first_check(call):
    barrier.wait()
    try:
        call()
    except Exception as exc:
        failures.append(repr(exc))

threads = [threading.Thread(target=first_check, args=(call,)) for call in calls]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(failures)
print("rfc3987_syntax" in sys.modules)
"""


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_threads_that_check_their_first_events_together_all_succeed():
    failures, _ = _run(FIRST_CHECKS_TOGETHER)
    assert failures == "[]"


def test_jsonschema_is_loaded_without_the_iri_grammar_which_stays_importable():
    _, grammar_loaded = _run(FIRST_CHECKS_TOGETHER)
    assert grammar_loaded == "False"
    code = "from campus.events.validation import validator_load\nvalidator_load()\n"
    code += "import importlib.util\nprint(importlib.util.find_spec('rfc3987_syntax') is not None)"
    (importable,) = _run(code)
    assert importable == "True"
