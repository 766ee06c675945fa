"""Run campus for real: one OS process per service under gunicorn, PostgreSQL per service.

The second composition root over the same services, ports, adapters and registry as
`campus.embedded` (which runs everything inside one process). Configuration comes only from the
environment, read through `campus.assembly.config`; `campus.process.environment` refuses a start
without what a process type needs. `campus up` (`campus.process.up`) starts the lot.
"""
