from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('credentials', '0002_outbox'),
    ]

    operations = [
        migrations.CreateModel(
            name='Grade',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('learner', models.CharField(max_length=64)),
                ('course_key', models.CharField(max_length=255)),
                ('letter_grade', models.CharField(max_length=16)),
                ('percent_grade', models.DecimalField(decimal_places=4, max_digits=5)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['id'],
                'constraints': [models.UniqueConstraint(fields=('learner', 'course_key'), name='one_grade_per_run')],
            },
        ),
    ]
