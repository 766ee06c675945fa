"""SOLID, before: for each principle, a module that works but breaks it; and one more "before",
the check-then-write enrollment that the saga replaced (`check_then_write`, shown in part 2).

Each is the shape the matching part of `campus` replaced (part 3 of the site shows the SOLID
ones side by side). They run on the monolith's single database, and the notebook of part 3
measures what each costs. Nothing in the platform imports this package: an import contract
(pyproject.toml) keeps it out of every runtime, while ruff lints it and tests/solid_before runs
it.
"""
