"""From monolith to services, run: the steps of a split, each one checked by a journey.

- `expand_contract`: a foreign key across the future service boundary becomes a plain id, in
  four migrations on PostgreSQL (app `campus.split.legacy`), with the enrollment journey of each
  release passing after every step.
- `strangler`: a routing layer in front of the monolith that sends the paths already moved to
  the new service and everything else to the monolith.
"""
