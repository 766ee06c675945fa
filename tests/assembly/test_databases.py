"""Each service has its own database, and reaching into another's fails loudly."""

import pytest
from django.apps import apps
from django.db import connections

from campus.assembly.databases import (
    DATA_ALIASES,
    MONOLITH_ALIAS,
    CrossServiceQuery,
    DatabaseScope,
    NoServiceBound,
    database_scope,
)
from campus.catalog import api as catalog_api
from campus.catalog.models import Course
from campus.enrollments.models import Enrollment
from campus.registry import SERVICES, service_get

DATA_OWNERS = [s.name for s in SERVICES if s.owns_data]


def _tables(alias: str) -> set[str]:
    with connections[alias].cursor() as cursor:
        return set(connections[alias].introspection.table_names(cursor))


def _app_tables(alias: str) -> set[str]:
    """The apps whose models have their tables in database ``alias``."""
    tables = _tables(alias)
    return {m._meta.app_label for m in apps.get_models() if m._meta.db_table in tables}


def _with_models(labels) -> set[str]:
    return {label for label in labels if list(apps.get_app_config(label).get_models())}


def _own(service: str) -> DatabaseScope:
    return DatabaseScope(service, {service: service})


def test_every_service_that_owns_data_has_a_database_of_its_own():
    assert set(DATA_ALIASES) == set(DATA_OWNERS)
    names = {connections[alias].settings_dict["NAME"] for alias in (*DATA_ALIASES, MONOLITH_ALIAS)}
    assert len(names) == len(DATA_ALIASES) + 1


@pytest.mark.usefixtures("microservices")
@pytest.mark.parametrize("service", DATA_OWNERS)
def test_a_started_service_database_holds_its_own_tables_and_no_one_elses(service):
    assert _app_tables(service) == _with_models(service_get(service).app_labels)


@pytest.mark.usefixtures("monolith")
def test_the_monolith_database_holds_every_service_tables():
    assert _app_tables(MONOLITH_ALIAS) == _with_models(a for s in SERVICES for a in s.app_labels)


@pytest.mark.usefixtures("microservices")
def test_the_catalog_is_migrated_with_the_demo_courses_at_start():
    with database_scope(_own("catalog")):
        assert Course.objects.filter(key__startswith="course-v1:CampusX+").count() == 3


@pytest.mark.usefixtures("microservices")
def test_a_query_from_one_service_into_another_database_raises_cross_service_query():
    with database_scope(_own("enrollments")):
        assert Enrollment.objects.count() == 0
        with pytest.raises(CrossServiceQuery, match="enrollments tried to query the catalog"):
            Course.objects.count()


@pytest.mark.usefixtures("microservices")
def test_calling_a_neighbour_python_api_from_inside_a_microservice_is_refused():
    # What the monolith does with an in-process adapter is exactly what a microservice must not.
    with database_scope(_own("enrollments")), pytest.raises(CrossServiceQuery):
        list(catalog_api.course_list())  # its rows are read as they are asked for


def test_a_write_into_another_database_is_refused_before_it_reaches_sqlite():
    course = Course(key="course-v1:X+Y+Z", title="T", start="2026-01-01", end="2026-02-01")
    with database_scope(_own("credentials")), pytest.raises(CrossServiceQuery):
        course.save()


def test_a_query_outside_any_service_raises_no_service_bound():
    with pytest.raises(NoServiceBound, match="outside any service"):
        Course.objects.count()


def test_a_scope_ends_with_its_block():
    with database_scope(_own("catalog")):
        pass
    with pytest.raises(NoServiceBound):
        Course.objects.first()


@pytest.mark.usefixtures("microservices")
def test_a_query_naming_another_services_database_is_refused_though_the_router_never_sees_it():
    with database_scope(_own("enrollments")):
        with pytest.raises(CrossServiceQuery, match="enrollments sent a query to the catalog"):
            Course.objects.using("catalog").count()
        with pytest.raises(CrossServiceQuery, match="not its own"):
            Course.objects.using("catalog").filter(key__startswith="course-v1:").delete()
        assert Enrollment.objects.using("enrollments").count() == 0  # its own, named, is fine
    with database_scope(_own("catalog")):
        assert Course.objects.filter(key__startswith="course-v1:CampusX+").count() == 3


@pytest.mark.usefixtures("microservices")
@pytest.mark.parametrize("alias", ["catalog", MONOLITH_ALIAS])
def test_a_raw_cursor_on_another_alias_is_refused_before_the_statement_runs(alias):
    refused = pytest.raises(CrossServiceQuery, match=f"to the {alias} database")
    with database_scope(_own("enrollments")), connections[alias].cursor() as cursor, refused:
        cursor.execute("DELETE FROM catalog_course")
    with database_scope(_own("catalog")):
        assert Course.objects.filter(key__startswith="course-v1:CampusX+").count() == 3


@pytest.mark.usefixtures("microservices")
def test_a_scope_nested_in_another_uses_its_own_database_and_the_guard_ends_with_it():
    with database_scope(_own("enrollments")):
        with database_scope(_own("catalog")):
            assert Course.objects.using("catalog").count() >= 3
        with pytest.raises(CrossServiceQuery):
            Course.objects.using("catalog").count()
    assert Course.objects.using("catalog").count() >= 3  # outside any service: not checked
