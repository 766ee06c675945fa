"""Tables of what the services are and promise."""

from campus.enrollments.models import Enrollment
from campus.events import COURSE_COMPLETED
from campus.notebook.anatomy import (
    events_show,
    fields_show,
    offers_show,
    operations,
    operations_show,
    services_show,
)
from campus.registry import SERVICES

DOCUMENT = {
    "paths": {
        "/things": {
            "get": {"operationId": "thing_list", "responses": {"200": {}, "401": {}}},
            "post": {"operationId": "thing_create", "responses": {"422": {}, "201": {}}},
        }
    }
}


def test_every_registered_service_has_a_row_with_its_kind(capsys):
    rows = services_show(SERVICES)
    assert [(row[0], row[1]) for row in rows] == [(s.name, s.kind) for s in SERVICES]
    assert capsys.readouterr().out.startswith("service")


def test_a_completion_is_published_by_enrollments_and_consumed_by_credentials_and_dashboard():
    found = {
        event_type: (producer, consumers)
        for event_type, producer, consumers in events_show(SERVICES)
    }
    assert found[COURSE_COMPLETED] == ("enrollments", ["credentials", "dashboard"])


def test_operations_read_the_method_path_id_and_sorted_status_codes(capsys):
    assert operations_show(DOCUMENT) == [
        ("GET", "/things", "thing_list", "200 401"),
        ("POST", "/things", "thing_create", "201 422"),
    ]
    assert "thing_create" in capsys.readouterr().out


def test_offers_list_the_operation_ids_per_service(capsys):
    assert offers_show({"things": DOCUMENT}) == {"things": ["thing_list", "thing_create"]}
    assert "thing_list, thing_create" in capsys.readouterr().out
    assert [op[2] for op in operations(DOCUMENT)] == ["thing_list", "thing_create"]


def test_an_enrollment_keeps_its_course_as_text_not_as_a_foreign_key():
    types = dict(fields_show(Enrollment))
    assert types["course_key"] == "CharField"
    assert "ForeignKey" not in types.values()
