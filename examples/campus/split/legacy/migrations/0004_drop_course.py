"""Step 3, contract: the key is required and the foreign key column is dropped; enrollments no
longer names the course table at all."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("legacy", "0003_course_key")]

    operations = [
        migrations.AlterField(
            model_name="enrollment",
            name="course_key",
            field=models.CharField(max_length=255),
        ),
        migrations.RemoveField(model_name="enrollment", name="course"),
    ]
