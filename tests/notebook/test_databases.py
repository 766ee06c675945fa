"""Running code as one service, on its own database, and closing what it opened."""

import pytest
from django.db import connections

from campus.assembly.databases import CrossServiceQuery
from campus.catalog.models import Course
from campus.enrollments.models import Enrollment
from campus.notebook.databases import running_as


def test_queries_go_to_the_services_own_database_and_its_connection_is_closed(microservices):
    with running_as(microservices.apps["catalog"].scope):
        assert Course.objects.count() > 0
        assert connections["catalog"].connection is not None
    assert connections["catalog"].connection is None


def test_connections_are_closed_when_the_block_raises(microservices):
    def reach_for_the_catalog():
        with running_as(microservices.apps["enrollments"].scope):
            Enrollment.objects.count()  # opens enrollments' connection
            Course.objects.count()  # the catalog's table: not enrollments' to read

    with pytest.raises(CrossServiceQuery):
        reach_for_the_catalog()
    assert connections["enrollments"].connection is None
