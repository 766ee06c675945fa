"""What the notebook on moving from the monolith to services needs around its lesson: a
throwaway PostgreSQL server, the table of the expand-and-contract steps, and a completion event
that enrollments really published.

    >>> initializing = postgres_initialized()  # initdb, on a thread    # doctest: +SKIP
    >>> cluster, server = postgres_started(initializing.result())      # doctest: +SKIP
    >>> steps_show(steps_run(cluster.databases_create(["split"])["split"]))  # doctest: +SKIP
"""

import subprocess
from concurrent.futures import Future, ThreadPoolExecutor

import requests

from campus.events import COURSE_COMPLETED, event_to_bytes
from campus.journey import DEMO_COURSE
from campus.process.postgres import Cluster
from campus.tables import table_format

from .scratch import scratch_folder

__all__ = [
    "completion_published",
    "postgres_initialized",
    "postgres_started",
    "steps_show",
]


def postgres_started(cluster: Cluster | None = None) -> tuple[Cluster, subprocess.Popen]:
    """Start a PostgreSQL server on a free port of 127.0.0.1, its data in a scratch folder (or
    in ``cluster``, from `postgres_initialized`) and its logs discarded; stop it with
    ``Cluster.stop(server)``."""
    cluster = cluster or Cluster(scratch_folder("campus-split-"))
    server = cluster.start(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cluster, server


def postgres_initialized() -> Future[Cluster]:
    """A cluster in a scratch folder, its initdb (about half a second, spent in that process)
    run on a thread of its own while the caller goes on; ``.result()`` is the cluster.

    Only initdb runs there: the server is started by `postgres_started`, in the caller's
    thread, because it is asked to stop when the thread that started it ends."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="initdb")
    cluster = Cluster(scratch_folder("campus-split-"))
    initializing = pool.submit(lambda: cluster.init() or cluster)
    pool.shutdown(wait=False)  # its thread ends with initdb: nothing else is submitted
    return initializing


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
