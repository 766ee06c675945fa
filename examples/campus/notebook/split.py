"""What the notebook on moving from the monolith to services needs around its lesson: a
throwaway PostgreSQL server, the table of the expand-and-contract steps, and a completion event
that enrollments really published.

    >>> cluster, server = postgres_started()                           # doctest: +SKIP
    >>> steps_show(steps_run(cluster.databases_create(["split"])["split"]))  # doctest: +SKIP
"""

import subprocess

import requests

from campus.events import COURSE_COMPLETED, event_to_bytes
from campus.journey import DEMO_COURSE
from campus.process.postgres import Cluster
from campus.tables import table_format

from .scratch import scratch_folder

__all__ = ["completion_published", "postgres_started", "steps_show"]


def postgres_started() -> tuple[Cluster, subprocess.Popen]:
    """Start a PostgreSQL server on a free port of 127.0.0.1, its data in a scratch folder and
    its logs discarded; stop it with ``Cluster.stop(server)``."""
    cluster = Cluster(scratch_folder("campus-split-"))
    server = cluster.start(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cluster, server


def steps_show(steps: list[dict]) -> None:
    """Print one row per migration of `campus.split.expand_contract.steps_run`: the foreign keys
    left on the enrollment table, its columns, and how many learners the release read back."""
    rows = [
        (s["migration"], s["foreign_keys"], ", ".join(s["columns"]), len(s["journey"]))
        for s in steps
    ]
    headers = ["migration", "foreign keys", "enrollment columns", "learners read back"]
    print(table_format(headers, rows))


def completion_published(platform, http: requests.Session, learner: str = "barbara") -> bytes:
    """Enroll ``learner`` in the demo course and complete it as staff on a running in-process
    ``platform``; once every event is delivered, return the last completion event enrollments
    published, as the JSON bytes it sent."""
    staff = platform.login("instructor")  # completing needs the staff scope
    enrollments = platform.url("enrollments") + "/enrollments"
    made = http.post(enrollments, json={"learner": learner, "course_key": DEMO_COURSE}, auth=staff)
    made.raise_for_status()
    http.post(f"{enrollments}/{made.json()['id']}/complete", auth=staff).raise_for_status()
    platform.drain()
    return event_to_bytes(platform.bus.published(COURSE_COMPLETED)[-1])
