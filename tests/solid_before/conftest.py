"""The 'before' modules run on the monolith's one database, as they were written to."""

import pytest
from django.db import connections

from campus.assembly.databases import database_scope
from campus.assembly.service_events import monolith_scope


@pytest.fixture
def on_the_monolith(monolith):
    """The monolith running, and this test's queries sent to its database."""
    with database_scope(monolith_scope()):
        yield monolith
    connections.close_all()
