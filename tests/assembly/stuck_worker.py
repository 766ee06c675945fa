"""A Celery worker whose grade task never returns, run as a script by
tests/assembly/test_tasks.py, which kills it mid-task:

    python stuck_worker.py REDIS_URL TAKEN_FILE ACKS_LATE(0|1)

Celery's default pool (prefork, one child), a visibility timeout of 1 s. The child writes
TAKEN_FILE once the task has begun, then waits until it is killed.
"""

import sys
import threading
from pathlib import Path

from campus.embedded.settings import configure

configure()  # the task module imports enrollments' models

from campus.assembly.tasks import task_app  # noqa: E402


class StuckGradeBook:
    def grade_record(self, **grade) -> None:
        Path(sys.argv[2]).write_text(grade["learner"])
        threading.Event().wait()  # until killed


app = task_app(sys.argv[1], grades=StuckGradeBook, acks_late=sys.argv[3] == "1")
app.conf.broker_transport_options = {**app.conf.broker_transport_options, "visibility_timeout": 1}
app.Worker(
    pool="prefork", concurrency=1, without_mingle=True, without_gossip=True, quiet=True
).start()
