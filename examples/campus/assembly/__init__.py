"""What both runtimes share: how a service (or the monolith) becomes a WSGI app, with its ports,
its clients to its neighbours, its token checks, its database scope and its event workers; and
the one place configuration is read (`campus.assembly.config`).

Two composition roots sit over it and never import each other: `campus.embedded` (every service
in this process, for the notebooks and ``campus serve``) and `campus.process` (``campus up``: a
gunicorn process per service on PostgreSQL, Redis Streams between them). This package imports
neither; most of its modules import Django models, so the runtime configures Django first.
"""

__all__: list[str] = []
