"""A field of a provider's output renamed while the platform runs: the change a contract test
exists to catch before it ships.

    >>> with field_renamed(CourseOutput, "title", "name"):      # doctest: +SKIP
    ...     requests.get(catalog + "/courses").json()[0]["name"]
"""

from contextlib import contextmanager

__all__ = ["field_renamed"]


@contextmanager
def field_renamed(serializer_class, old: str, new: str):
    """Within the block, ``serializer_class`` (a DRF serializer) writes field ``old`` as
    ``new``, in its answers and in the OpenAPI document; the old name comes back on exit.
    Raises KeyError for a field it does not declare."""
    declared = serializer_class._declared_fields
    original = declared[old]
    # DRF copies a declared field by calling its class with the arguments it was made with, so
    # the source (still the same attribute) goes in as one of them.
    kwargs = {**original._kwargs, "source": original._kwargs.get("source", old)}
    field = type(original)(*original._args, **kwargs)
    renamed = {(new if name == old else name): f for name, f in declared.items()}
    renamed[new] = field
    serializer_class._declared_fields = renamed
    try:
        yield
    finally:
        serializer_class._declared_fields = declared
