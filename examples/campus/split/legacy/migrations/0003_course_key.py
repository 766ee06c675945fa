"""Step 2, expand: a plain ``course_key`` column beside the foreign key, copied from the course
for every existing row. The release that runs on it writes both and reads the key."""

from django.db import migrations, models


def keys_copy(apps, schema_editor):
    Enrollment = apps.get_model("legacy", "Enrollment")
    Course = apps.get_model("legacy", "Course")
    keys = dict(Course.objects.values_list("id", "key"))
    for enrollment in Enrollment.objects.filter(course_key__isnull=True):
        enrollment.course_key = keys[enrollment.course_id]
        enrollment.save(update_fields=["course_key"])


class Migration(migrations.Migration):
    dependencies = [("legacy", "0002_course_without_constraint")]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="course_key",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.RunPython(keys_copy, migrations.RunPython.noop),
    ]
