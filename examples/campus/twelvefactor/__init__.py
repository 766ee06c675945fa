"""The platform audited against the twelve factors, as Django system checks.

One module per factor, each with one ``check`` that inspects the running configuration (settings,
environment, registry, packaging, logging, entry points, migrations) and returns Django check
messages with stable ids (see `factors`). Run it like any Django check:

    campus manage check --tag twelvefactor

or from Python, once the runtime is imported:

    >>> from django.core.checks import run_checks
    >>> [m.id for m in run_checks(tags=[TAG])]          # doctest: +SKIP
    ['campus.12F.III.W001', ...]

Errors are what the platform gets wrong (``check`` then exits non-zero, so a deploy can stop on
them); warnings are factors it only partly meets, said plainly rather than passed by fiat.
"""

from .factors import FACTORS, TAG, Factor, factor_get, factor_of

__all__ = ["FACTORS", "TAG", "Factor", "factor_get", "factor_of"]
