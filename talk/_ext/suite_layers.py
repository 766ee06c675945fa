"""The test suite as layers of a pyramid: which folders and files make each layer, how many tests
each holds (counted by reading the test files, not by running pytest), and how long each ran in
the recorded run (read by suite_pyramid.py).

`LAYERS` is the one place the mapping lives: an entry ending in ``/`` takes a folder, any other
one file. tests/docs/test_suite_layers.py fails when a test file falls in no layer, or in two.

    >>> [(layer.name, count) for layer, count in layer_counts(ROOT)]  # doctest: +SKIP
    [('Unit', 310), ('One service', 420), ...]
"""

import ast
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LAYERS",
    "Layer",
    "file_count",
    "layer_counts",
    "layer_of",
    "suite_files",
]


@dataclass(frozen=True)
class Layer:
    name: str
    catches: str  # what a failure here tells you
    paths: str  # under tests/, space-separated: "folder/" or "file.py"
    example: str  # one test of this layer, as "file::function"


LAYERS = (
    Layer(
        "Unit",
        "a rule broken inside one module: a parser, a serializer, a handler, a service run "
        "with fakes plugged into its ports",
        (
            "solid_before/ notebook/ diagrams/ twelvefactor/ assembly/config/ "
            "assembly/test_migration_key.py cli/test_parser.py dashboard/test_services.py "
            "dashboard/test_cache.py dashboard/test_clients.py test_suite_record.py "
            "events/test_envelope.py events/test_inprocess.py "
            "events/test_validation.py identity/test_hashers.py test_context_scope.py "
            "test_parsers.py test_serializers.py test_tables.py test_waits.py test_layout.py "
            "test_module_size.py test_makefile.py test_up_slots.py test_log_lines.py "
            "test_replies.py containers/test_interpolation.py"
        ),
        "dashboard/test_cache.py::test_titles_seen_lately_are_not_asked_for_again",
    ),
    Layer(
        "One service",
        "an HTTP API that answers wrongly: a status, an error shape, a refused token, a write "
        "that should not have happened",
        (
            "catalog/ credentials/ enrollments/ tokens/ embedded/test_burst.py "
            "embedded/test_event_loop.py embedded/test_framing.py embedded/test_hosts.py "
            "embedded/test_migrated_templates.py embedded/test_platform.py "
            "embedded/test_servers.py dashboard/test_views.py "
            "dashboard/test_read_model.py identity/test_tokens.py identity/test_exchange.py "
            "identity/test_database.py "
            "assembly/test_databases.py assembly/test_explore.py assembly/test_middleware.py "
            "assembly/test_urlconfs.py assembly/test_wsgi_app.py assembly/test_injected_work.py "
            "events/test_outbox.py "
            "assembly/test_heartbeat.py "
            "assembly/test_commands.py assembly/test_saga_recovery.py "
            "events/test_task_outbox.py "
            "events/test_delivery.py test_errors.py test_pagination.py test_metrics.py "
            "test_http.py test_deadlines.py test_resilience.py test_tracing.py"
        ),
        "catalog/test_views.py::test_an_end_before_the_start_is_refused_with_422",
    ),
    Layer(
        "Journey, both shapes",
        "the services disagreeing once put together: the same journey answering differently on "
        "the monolith and the microservices, or behind the strangler's front door",
        "test_journey.py test_registry.py test_cuts.py split/test_strangler.py",
        "test_journey.py::test_the_journey_answers_the_same_on_both_architectures",
    ),
    Layer(
        "Contracts",
        "a provider change that breaks a consumer, named by consumer and field, before deploy",
        "contracts/ events/test_contracts.py",
        "contracts/test_providers.py::test_the_catalog_keeps_the_pacts_of_the_dashboard_and_enrollments",
    ),
    Layer(
        "Properties",
        "an input nobody thought of: generated JSON bodies, query strings and events that make "
        "a service answer 5xx or accept what its schema refuses",
        (
            "embedded/test_openapi_properties.py embedded/test_json_bodies.py "
            "events/test_contracts_of_every_type.py events/test_envelope_checks.py"
        ),
        "embedded/test_json_bodies.py::test_no_body_makes_a_post_fail_with_a_5xx_or_write_on_a_refusal",
    ),
    Layer(
        "Processes and faults",
        "what only real processes show: `campus up` on PostgreSQL and Redis, a kill mid-outbox, "
        "restarts, signals, the deploy files, the fault benchmarks",
        (
            "process/ bench/ deploy/ containers/test_compose.py containers/test_kube.py "
            "cli/test_common.py cli/test_init.py "
            "cli/test_manage.py "
            "cli/test_manage_refusals.py cli/test_relay.py cli/test_serve.py cli/test_up.py "
            "cli/test_worker.py assembly/test_tasks.py assembly/test_redis_clients.py "
            "split/test_expand_contract.py "
            "events/test_redis_streams.py events/test_relay_process.py "
            "events/test_stream_upkeep.py test_readme.py"
        ),
        "events/test_relay_process.py::test_a_relay_process_killed_and_restarted_publishes_every_row",
    ),
    Layer(
        "Site and browser",
        "a page or slide that lies or breaks: a failing notebook, a listing that no longer "
        "matches its file, a slide that overflows, a page a screen reader cannot read",
        "docs/ notebooks/",
        "docs/test_listings.py::test_the_pages_include_code_from_the_real_files",
    ),
)


def suite_files(root: Path) -> list[str]:
    """Every test file under ``tests/``, as a path relative to it."""
    tests = root / "tests"
    return sorted(str(path.relative_to(tests)) for path in tests.rglob("test_*.py"))


def _matches(path: str, entry: str) -> bool:
    return path.startswith(entry) if entry.endswith("/") else path == entry


def layer_of(path: str) -> list[Layer]:
    """The layers whose entries take ``path`` (relative to tests/): exactly one, when mapped."""
    return [
        layer for layer in LAYERS if any(_matches(path, entry) for entry in layer.paths.split())
    ]


def _cases(decorator: ast.expr) -> int:
    """How many cases a ``@pytest.mark.parametrize(names, values)`` makes; 1 when not literal."""
    if isinstance(decorator, ast.Call) and ast.unparse(decorator.func).endswith("parametrize"):
        values = decorator.args[1] if len(decorator.args) > 1 else None
        if isinstance(values, ast.List | ast.Tuple):
            return len(values.elts)
    return 1


def _fixture_params(tree: ast.Module) -> dict[str, int]:
    """Fixtures of this module with literal ``params=[...]``: each test using one runs per item."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                for keyword in getattr(decorator, "keywords", []):
                    if keyword.arg == "params" and isinstance(keyword.value, ast.List | ast.Tuple):
                        found[node.name] = len(keyword.value.elts)
    return found


def _functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            yield from (item for item in node.body if isinstance(item, ast.FunctionDef))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def file_count(path: Path, shared: dict[str, int]) -> int:
    """Tests in one file: each ``test_*`` function times its parametrize cases and the params
    of the fixtures it names (``shared``: those of the conftest files, e.g. ``platform``)."""
    return _text_count(path.read_text(encoding="utf-8"), shared)


def _text_count(text: str, shared: dict[str, int]) -> int:
    tree = ast.parse(text)
    params = shared | _fixture_params(tree)
    total = 0
    for function in _functions(tree):
        if function.name.startswith("test_"):
            runs = 1
            for decorator in function.decorator_list:
                runs *= _cases(decorator)
            for argument in function.args.args:
                runs *= params.get(argument.arg, 1)
            total += runs
    return total


def layer_counts(root: Path, *, cache: Path | None = None) -> Counter:
    """Tests per layer name, read from the files as they are now. With ``cache`` (a JSON file),
    the counts are kept there under a digest of every file read and of `LAYERS`: parsing the
    suite costs a build that changed nothing a fifth of a second, twice (site and deck)."""
    tests = root / "tests"
    conftests = {
        str(path.relative_to(tests)): path.read_text(encoding="utf-8")
        for path in sorted(tests.rglob("conftest.py"))
    }
    suite = {name: (tests / name).read_text(encoding="utf-8") for name in suite_files(root)}
    digest = hashlib.sha256(repr(LAYERS).encode())
    for name, text in [*conftests.items(), *suite.items()]:
        digest.update(f"{name}\0{text}\0".encode())
    if cache is not None and cache.is_file():
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept.get("digest") == digest.hexdigest():
            return Counter(kept["counts"])
    shared = {}
    for text in conftests.values():
        shared |= _fixture_params(ast.parse(text))
    counts = Counter()
    for name, text in suite.items():
        for layer in layer_of(name):
            counts[layer.name] += _text_count(text, shared)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"digest": digest.hexdigest(), "counts": counts}))
    return counts
