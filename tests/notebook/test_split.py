"""What the notebook on the split needs around its lesson: a throwaway PostgreSQL server, the
table of the expand-and-contract steps, a completion event enrollments really published."""

import json

import psycopg
import requests

from campus.journey import DEMO_COURSE
from campus.notebook.split import (
    completion_published,
    postgres_initialized,
    postgres_started,
    steps_show,
)
from campus.process.postgres import Cluster


def _serves_a_database_and_stops_cleanly(cluster, server) -> None:
    try:
        url = cluster.databases_create(["split"])["split"]
        with psycopg.connect(url, connect_timeout=5) as connection:
            assert connection.execute("SELECT current_database()").fetchone() == ("split",)
    finally:
        assert Cluster.stop(server) == 0
    assert cluster.folder.name.startswith("campus-split-")


def test_the_throwaway_server_serves_a_database_and_stops_cleanly():
    _serves_a_database_and_stops_cleanly(*postgres_started())


def test_each_step_shows_its_foreign_keys_columns_and_learners_read_back(capsys):
    steps = [
        {"migration": "0001_initial", "foreign_keys": 1, "columns": ["id", "course_id"],
         "journey": {"learner1": "Python"}},
        {"migration": "0004_drop_course", "foreign_keys": 0, "columns": ["id", "course_key"],
         "journey": {"learner1": "Python", "learner2": "Python"}},
    ]  # fmt: skip
    steps_show(steps)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split() for line in lines[2:]] == [
        ["0001_initial", "1", "id,", "course_id", "1"],
        ["0004_drop_course", "0", "id,", "course_key", "2"],
    ]


def test_the_completion_event_is_the_one_enrollments_published_for_the_learner(microservices):
    with requests.Session() as http:
        event = json.loads(completion_published(microservices, http, learner="barbara"))
    assert event["type"].endswith("course.completed.v1")
    assert (event["data"]["learner"], event["data"]["course_key"]) == ("barbara", DEMO_COURSE)


def test_a_cluster_initialized_on_a_thread_starts_and_serves_a_database_too():
    initialized = postgres_initialized().result(timeout=60)
    _serves_a_database_and_stops_cleanly(*postgres_started(initialized))
