"""Helpers the notebooks import, so that a notebook's visible code is the lesson: start, call,
break, measure, look. Printing answers and tables, reading the platform's own code, timing calls,
closing a thread's database connections, fakes and processes a lesson needs live in small
modules here, each imported explicitly (``from campus.notebook.show import answer_show``).

Only the notebooks, their tests and the recorders of what a notebook reads instead of running
(`campus.bench.blast_radius`) use this package; nothing else in campus imports it.
"""
