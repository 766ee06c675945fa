"""Step 1: the database stops enforcing the key (the ORM still joins on it), so the two tables
no longer have to live in one database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("legacy", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="enrollment",
            name="course",
            field=models.ForeignKey(
                db_constraint=False, on_delete=models.deletion.DO_NOTHING, to="legacy.course"
            ),
        ),
    ]
