import pytest
from django.db import connections

from campus.assembly.databases import CrossServiceQuery, DatabaseScope, database_scope
from campus.enrollments.data import CourseSummary
from campus.journey import DEMO_COURSE
from campus.solid_before.concrete_catalog import enrollment_create


def test_it_enrolls_where_the_catalogs_tables_are_in_the_same_database(on_the_monolith):
    assert enrollment_create(learner="ada", course_key=DEMO_COURSE).status == "active"


def test_no_fake_catalog_can_be_plugged_in(on_the_monolith):
    fake = {DEMO_COURSE: CourseSummary(DEMO_COURSE, True)}
    with pytest.raises(TypeError, match="catalog"):
        enrollment_create(learner="ada", course_key=DEMO_COURSE, catalog=fake)


def test_split_into_services_it_reaches_for_the_catalogs_database(microservices):
    with (
        database_scope(DatabaseScope("enrollments", {"enrollments": "enrollments"})),
        pytest.raises(CrossServiceQuery, match="catalog"),
    ):
        enrollment_create(learner="ada", course_key=DEMO_COURSE)
    connections.close_all()
