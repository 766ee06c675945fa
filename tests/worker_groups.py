"""Which tests share a pytest-xdist worker, and which start first (``--dist loadgroup``).

Tests are handed to the workers one by one, except those that share a costly fixture wider than
a test: on separate workers each would make its own copy. So:

- every test of the built site (``site_build``: `make docs`, minutes) is in one group, and
- the tests of a module that share a module-scoped fixture (a `campus up`, a served platform, a
  clone) are a group per parameter of that fixture, so both architectures run side by side.

The site's group goes first, then the tests marked ``slow``: what takes minutes starts at once
and runs while the workers share out the rest.

    >>> group_of(item)                                     # doctest: +SKIP
    'tests/process/test_up.py::running=monolith'
"""

import pytest

__all__ = ["SITE", "SITE_TIMEOUT_SECONDS", "group_of", "queue_order"]

SITE = "site"  # the group of every test that needs `make docs` to have run
SITE_TIMEOUT_SECONDS = 1200  # the build's own limit (tests/docs/conftest.py) and the test's


def group_of(item: pytest.Item) -> str | None:
    """The xdist group ``item`` belongs to, None if it can run on any worker."""
    info = getattr(item, "_fixtureinfo", None)  # what pytest resolved for this test
    if info is None:  # not a Python test function
        return None
    if "site_build" in info.names_closure:
        return SITE
    shared = []
    for name in info.names_closure:
        definitions = info.name2fixturedefs.get(name)
        # baseid is empty for a plugin's fixture (tmp_path_factory): only the project's count.
        if definitions and definitions[-1].scope == "module" and definitions[-1].baseid:
            params = getattr(item, "callspec", None)
            param = params.params.get(name) if params else None
            shared.append(name if param is None else f"{name}={param}")
    if not shared:
        return None
    return item.nodeid.split("::")[0] + "::" + ",".join(sorted(shared))


def queue_order(item: pytest.Item) -> int:
    """Sort key: the site's tests, then slow ones, then the rest (a stable sort keeps the order
    within each)."""
    if any(mark.args == (SITE,) for mark in item.iter_markers("xdist_group")):
        return 0
    return 1 if item.get_closest_marker("slow") else 2
