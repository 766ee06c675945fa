"""A foreign key across the future service boundary becomes a plain id, one migration at a time,
on PostgreSQL, with the enrollment journey of each release passing after every step.

    >>> [step["migration"] for step in steps_run("postgres://...")]    # doctest: +SKIP
    ['0001_initial', '0002_course_without_constraint', '0003_course_key', '0004_drop_course']

The steps run in a process of their own (``python -m campus.split.expand_contract`` with
``DATABASE_URL`` set), under settings that install only `campus.split.legacy`; each prints one
JSON line. The shape of the steps is the one the example code of Hochrein's *Designing
Microservices with Django* (Apress, 2019) gives its pizza example.
"""

import io
import json
import os
import subprocess
import sys

import django
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from campus.keys import DEMO_COURSE

__all__ = ["STEPS", "enrollment_journey", "steps_run"]

APP = "legacy"
STEPS = (
    ("0001_initial", "before: a foreign key, enforced by PostgreSQL"),
    ("0002_course_without_constraint", "the database constraint dropped"),
    ("0003_course_key", "expand: a plain key beside it, copied"),
    ("0004_drop_course", "contract: the foreign key dropped"),
)


def steps_run(database_url: str, *, timeout: float = 120) -> list[dict]:
    """Migrate an empty database step by step and return what each step left: ``migration``,
    ``what``, ``sql`` (what the migration ran), ``foreign_keys`` (constraints on the enrollment
    table), ``columns`` and ``journey`` (every learner read back with a course title). Raises
    ``subprocess.CalledProcessError`` when a step fails."""
    done = subprocess.run(
        [sys.executable, "-m", __name__],
        env={**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": _SETTINGS},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


_SETTINGS = "campus.split.settings"


def enrollment_journey(apps, *, learner: str) -> dict[str, str]:
    """Enroll ``learner`` in the demo course as the release on this schema would, then read back
    every enrollment with its course's title: ``{learner: title}``.

    A release writes what its schema has (the foreign key, the key, or both) and reads by the
    key from the moment the key exists; ``apps`` is the schema's historical models.
    """
    Course = apps.get_model(APP, "Course")
    Enrollment = apps.get_model(APP, "Enrollment")
    fields = {field.name for field in Enrollment._meta.get_fields()}
    course = Course.objects.get(key=DEMO_COURSE)
    link = {}
    if "course" in fields:
        link["course"] = course
    if "course_key" in fields:
        link["course_key"] = course.key
    Enrollment.objects.create(learner=learner, **link)
    by_key = "course_key" if "course_key" in fields else "course__key"
    titles = dict(Course.objects.values_list("key", "title"))
    rows = Enrollment.objects.order_by("id").values_list("learner", by_key)
    return {who: titles[key] for who, key in rows}


def _step(migration: str, what: str, learner: str) -> dict:
    sql = io.StringIO()
    call_command("sqlmigrate", APP, migration, stdout=sql)
    call_command("migrate", APP, migration, verbosity=0)
    apps = MigrationLoader(connection).project_state((APP, migration)).apps
    journey = enrollment_journey(apps, learner=learner)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint "
            "WHERE conrelid = 'legacy_enrollment'::regclass AND contype = 'f'"
        )
        foreign_keys = cursor.fetchone()[0]
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'legacy_enrollment' ORDER BY ordinal_position"
        )
        columns = [row[0] for row in cursor.fetchall()]
    lines = [line for line in sql.getvalue().splitlines() if line and not line.startswith("--")]
    return {
        "migration": migration,
        "what": what,
        "sql": lines,
        "foreign_keys": foreign_keys,
        "columns": columns,
        "journey": journey,
    }


def main() -> None:
    django.setup()
    for number, (migration, what) in enumerate(STEPS, start=1):
        print(json.dumps(_step(migration, what, learner=f"learner{number}")), flush=True)


if __name__ == "__main__":
    main()
