"""Reading the platform's own code as it runs."""

import campus.enrollments
from campus.dashboard.ports import DashboardPorts
from campus.enrollments import services
from campus.enrollments.ports import EnrollmentsPorts
from campus.notebook.code import (
    files_show,
    imports_of,
    ports_show,
    protocol_methods,
    public_names,
    source_show,
)
from campus.tables import table_format


def test_the_source_printed_is_the_running_function_followed_by_a_blank_line(capsys):
    source_show(table_format)
    out = capsys.readouterr().out
    assert out.startswith("def table_format(")
    assert out.endswith("\n\n")


def test_public_names_are_all_when_declared_else_the_public_functions_and_classes(tmp_path):
    declared = tmp_path / "declared.py"
    declared.write_text("__all__ = ['b', 'a']\ndef a(): pass\ndef b(): pass\n")
    undeclared = tmp_path / "undeclared.py"
    undeclared.write_text("def a(): pass\nclass B: pass\ndef _hidden(): pass\nX = 1\n")
    assert (public_names(declared), public_names(undeclared)) == (["b", "a"], ["a", "B"])


def test_a_services_files_are_listed_with_their_names_but_its_init(capsys):
    found = dict(files_show(campus.enrollments))
    assert "__init__.py" not in found
    assert {"enrollment_create", "enrollment_complete"} <= set(found["services.py"])
    assert "services.py   CourseNotFound" in capsys.readouterr().out


def test_the_imports_of_enrollments_services_name_no_neighbour():
    imported = imports_of(services)
    assert {".models", ".ports", "campus.events"} <= set(imported)
    assert not [m for m in imported if m.startswith(("campus.catalog", "campus.http"))]


def test_the_ports_are_the_protocol_fields_only(capsys):
    rows = ports_show(dashboard=DashboardPorts, enrollments=EnrollmentsPorts)
    assert [row[:3] for row in rows] == [
        ("dashboard", "catalog", "CourseCatalog"),
        ("dashboard", "enrollments", "EnrollmentReader"),
        ("dashboard", "credentials", "CertificateReader"),
        ("enrollments", "catalog", "CourseCatalog"),
        ("enrollments", "events", "EventPublisher"),
    ]  # the dashboard's fan_out pool is a field, not an interface
    assert protocol_methods(DashboardPorts.__annotations__["catalog"]) == ["course_titles"]
    assert "fan_out" not in capsys.readouterr().out
