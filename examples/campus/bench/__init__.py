"""Benchmark scripts: each prints its figures, medians and ratios against a baseline measured in
the same run (never timed assertions: these machines are shared).

- ``python -m campus.bench`` (`campus.bench.lifecycle`): start and stop of both architectures,
  and the cost of one hop between services beside a direct call and a bare WSGI hello;
- ``python -m campus.bench.up``: ``campus up`` ready and stop times, memory, a hop between
  processes;
- ``python -m campus.bench.events``: faults on the event pipeline, and nothing lost; with
  ``--up``, against ``campus up`` on PostgreSQL;
- ``python -m campus.bench.dashboard``: a dashboard page per architecture (by calls, and from
  its read model), a hanging neighbour against the deadline, calls to a stopped catalog;
- ``python -m campus.bench.read_model``: how far the dashboard's read model lags a write, and
  its page with every neighbour down;
- ``python -m campus.bench.load`` (``make load``): locust against ``campus up`` and in-process,
  what more catalog workers buy (`campus.bench.scaling`) with a Universal Scalability Law fitted
  to it (`campus.bench.usl`), recorded from a clean commit only (`campus.bench.provenance`).

Importing this package configures nothing: each script chooses its own Django settings (the
in-process runtime's, or databases given by URL).
"""
