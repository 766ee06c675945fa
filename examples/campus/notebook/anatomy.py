"""Tables of what the services are and promise: the registry's services and events, the
operations of an OpenAPI document, the fields of a model.

    >>> from campus.registry import SERVICES
    >>> rows = services_show(SERVICES)                                 # doctest: +ELLIPSIS
    service      kind               owns data  calls ...
"""

from collections.abc import Iterable, Mapping

from campus.registry import ServiceSpec
from campus.tables import table_format

__all__ = [
    "events_show",
    "fields_show",
    "offers_show",
    "operations",
    "operations_show",
    "services_show",
]


def services_show(specs: Iterable[ServiceSpec]) -> list[tuple]:
    """Print, then return, one row per service: its kind, whether it owns data, whom it calls,
    its summary."""
    rows = [
        (spec.name, spec.kind, spec.owns_data, ", ".join(spec.calls) or "-", spec.summary)
        for spec in specs
    ]
    print(table_format(["service", "kind", "owns data", "calls", "summary"], rows))
    return rows


def events_show(specs: Iterable[ServiceSpec]) -> list[tuple[str, str, list[str]]]:
    """Print, then return, each event type with the service that publishes it and those that
    consume it."""
    specs = list(specs)
    found = [
        (event_type, spec.name, [s.name for s in specs if event_type in s.consumes])
        for spec in specs
        for event_type in spec.publishes
    ]
    for event_type, producer, consumers in found:
        print(f"{event_type}: published by {producer}, consumed by {', '.join(consumers) or '-'}")
    return found


def operations(document: Mapping) -> list[tuple[str, str, str, str]]:
    """``(method, path, operationId, status codes)`` of every operation of an OpenAPI document,
    in its order."""
    return [
        (method.upper(), path, operation["operationId"], " ".join(sorted(operation["responses"])))
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def operations_show(document: Mapping) -> list[tuple[str, str, str, str]]:
    """Print, then return, `operations` of the document as a table."""
    rows = operations(document)
    print(table_format(["method", "path", "operation", "answers"], rows))
    return rows


def offers_show(documents: Mapping[str, Mapping]) -> dict[str, list[str]]:
    """Print, then return, the ``operationId`` of every operation each service's OpenAPI
    document offers, one service (the key of ``documents``) per row."""
    offered = {name: [row[2] for row in operations(doc)] for name, doc in documents.items()}
    rows = [(name, ", ".join(ids)) for name, ids in offered.items()]
    print(table_format(["service", "operations it offers"], rows))
    return offered


def fields_show(model) -> list[tuple[str, str]]:
    """Print, then return, each field of a Django model with its Django type: a relation to
    another model would show as ``ForeignKey``."""
    rows = [(field.name, field.get_internal_type()) for field in model._meta.get_fields()]
    print(table_format(["field", "Django type"], rows))
    return rows
