"""The monolith's enrollments before the split: an enrollment held its course by a foreign key.

Its migrations are the way out, expand then contract (see `campus.split.expand_contract`).
"""
