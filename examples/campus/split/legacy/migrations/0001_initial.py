"""Before: an enrollment holds its course by a foreign key, and PostgreSQL enforces it."""

from django.db import migrations, models


def courses_add(apps, schema_editor):
    Course = apps.get_model("legacy", "Course")
    Course.objects.create(key="course-v1:CampusX+PY101+2026", title="Python for Django developers")
    Course.objects.create(key="course-v1:CampusX+DJ201+2026", title="Django services in practice")


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Course",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=255, unique=True)),
                ("title", models.CharField(max_length=200)),
            ],
        ),
        migrations.CreateModel(
            name="Enrollment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("learner", models.CharField(max_length=64)),
                (
                    "course",
                    models.ForeignKey(on_delete=models.deletion.PROTECT, to="legacy.course"),
                ),
            ],
        ),
        migrations.RunPython(courses_add, migrations.RunPython.noop),
    ]
