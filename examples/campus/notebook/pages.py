"""Values the site's pages quote by name, glued from a notebook (myst-nb's ``glue``) without
paying for a format checker nothing here uses.

myst-nb's glue imports nbformat, which imports ``jsonschema``; with Jupyter's extras installed,
that import builds an IRI grammar (rfc3987_syntax) for about 1.5 s of a core, in every kernel.
`campus.events.validation` imports ``jsonschema`` without it, and nbformat then finds it loaded.

    >>> glue("hop_p50_ms", 2.4, display=False)    # doctest: +SKIP
"""

from myst_nb import glue as _myst_glue

from campus.events.validation import validator_load

__all__ = ["glue"]


def glue(name: str, value, display: bool = True) -> None:
    """myst-nb's ``glue(name, value, display)``, with ``jsonschema`` loaded as campus loads it."""
    validator_load()  # a no-op import once loaded
    _myst_glue(name, value, display)
