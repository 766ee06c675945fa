"""Run campus for real: one OS process per service under gunicorn, PostgreSQL per service.

The second composition root over the same services, ports, adapters and registry as
`campus.embedded` (which runs everything inside one process). Configuration comes only from the
environment (`campus.process.environment`); `campus up` (`campus.process.up`) starts the lot.
"""
