"""campus: run the platform, or an admin task as one of its services.

examples:
  campus serve                          # every service on its own port; Ctrl+C stops them
  campus serve --arch monolith --port 8000
  CAMPUS_DATA_DIR=/tmp/campus campus serve --port 8000
  CAMPUS_DATA_DIR=/tmp/campus campus manage --service catalog \\
      course_enrollment close course-v1:CampusX+PY101+2026   # in another terminal
  campus manage check --tag twelvefactor
  campus up                             # a gunicorn process per service, on PostgreSQL
  REDIS_URL=redis://127.0.0.1:6379/0 campus relay enrollments    # outbox -> Redis Streams
  REDIS_URL=redis://127.0.0.1:6379/0 campus consume credentials  # Redis Streams -> certificates

`campus serve` prints one JSON line of service URLs on stdout; logs go to stderr.
Each service answers / with links to its API docs (/docs), /openapi.json and /health.
"""

import sys

from campus.django_base import ConfigurationError

from .parser import parser_build

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run one ``campus`` command and return its exit status (the console script's entry point).

    >>> main(["manage", "check", "--tag", "twelvefactor"])   # doctest: +SKIP
    System check identified no issues (0 silenced).
    0
    """
    # The module's docstring, with its examples, is what `campus --help` prints.
    options = parser_build(__doc__).parse_args(argv)
    try:
        return options.run(options)
    except ConfigurationError as exc:
        # A bad value in the environment: one line naming the variable, not a traceback.
        print(f"campus {options.command}: {exc}", file=sys.stderr)
        return 2
