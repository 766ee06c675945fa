import os
import subprocess
import sys

import pytest

from campus.split.expand_contract import STEPS, steps_run

TITLE = "Python for Django developers"


@pytest.fixture(scope="module")
def steps(cluster):
    return steps_run(cluster.databases_create(["expand_contract"])["expand_contract"])


def test_every_step_is_a_migration_of_its_own_in_order(steps):
    assert [step["migration"] for step in steps] == [migration for migration, _ in STEPS]


def test_the_journey_passes_after_every_step_and_keeps_every_earlier_learner(steps):
    read_back = [step["journey"] for step in steps]
    assert read_back == [
        {f"learner{n}": TITLE for n in range(1, last + 1)} for last in (1, 2, 3, 4)
    ]


def test_the_constraint_goes_first_the_key_comes_next_and_the_foreign_key_column_last(steps):
    shape = [(step["foreign_keys"], step["columns"]) for step in steps]
    assert shape == [
        (1, ["id", "learner", "course_id"]),
        (0, ["id", "learner", "course_id"]),
        (0, ["id", "learner", "course_id", "course_key"]),
        (0, ["id", "learner", "course_key"]),
    ]


def test_each_step_shows_the_sql_it_ran(steps):
    assert any("DROP CONSTRAINT" in line for line in steps[1]["sql"])
    assert any('DROP COLUMN "course_id"' in line for line in steps[3]["sql"])


def test_the_legacy_models_are_what_the_last_migration_leaves(cluster):
    url = cluster.databases_create(["legacy_models"])["legacy_models"]
    done = subprocess.run(
        [sys.executable, "-m", "django", "makemigrations", "legacy", "--check", "--dry-run"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "campus.split.settings", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "No changes detected in app 'legacy'")
