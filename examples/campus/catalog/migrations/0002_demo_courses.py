"""Demo course runs, so every fresh catalog has something to enroll in."""

from datetime import date

from django.db import migrations

DEMO_COURSES = [
    ("course-v1:CampusX+PY101+2026", "Python for Django developers", date(2026, 1, 12), True),
    ("course-v1:CampusX+DJ201+2026", "Django services in practice", date(2026, 3, 2), True),
    ("course-v1:CampusX+ARCH301+2025", "Architecture at scale (archived)", date(2025, 1, 6), False),
]


def add_demo_courses(apps, schema_editor):
    Course = apps.get_model("catalog", "Course")
    alias = schema_editor.connection.alias
    for key, title, start, enrollment_open in DEMO_COURSES:
        end = start.replace(year=start.year + 1)
        Course.objects.using(alias).create(
            key=key, title=title, start=start, end=end, enrollment_open=enrollment_open
        )


def remove_demo_courses(apps, schema_editor):
    Course = apps.get_model("catalog", "Course")
    keys = [key for key, *_ in DEMO_COURSES]
    Course.objects.using(schema_editor.connection.alias).filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(add_demo_courses, remove_demo_courses)]
