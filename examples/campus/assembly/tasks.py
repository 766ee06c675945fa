"""Celery in campus: the app, its one task (enrollments sends a learner's grade to credentials),
and the bus that hands the task outbox's rows to it.

The broker is the Redis of ``REDIS_URL``, the one the event streams use, with every Celery key
under `KEY_PREFIX` (kombu's ``global_keyprefix``), so neither reads the other's keys. Without a
Redis (``memory://``), a test or the in-process runtime still builds the same app.

What the settings buy (Celery's "Tasks" guide, "Should I use retry or acks_late?"):

- ``task_acks_late``: the broker forgets a message only once the task has returned, so a worker
  killed mid-task loses nothing: the message is delivered again, and the task runs again. With
  Redis that happens after ``visibility_timeout`` (`VISIBILITY_TIMEOUT_S`), when another worker,
  or the same one restarted, restores it. The receiver must be idempotent: credentials keeps one
  grade per learner and run. (Measured here with the default prefork pool: without it, the
  message is acknowledged as the task starts, and a kill mid-task loses it. With the ``solo``
  pool ``campus worker`` runs, that early acknowledgement waited for the task to return to
  the worker's loop: the setting is what makes the guarantee explicit, not an accident.)
- ``task_reject_on_worker_lost``: the same for a pool child that dies (prefork); without it
  Celery acknowledges such a task as failed.
- retries: a grade credentials does not take (no answer, a 5xx) is sent again with a doubling
  pause of up to `RETRY_MAX_PAUSE_S`, `MAX_RETRIES` times; a refusal (4xx) is not retried.

    >>> app = task_app("memory://", grades=lambda: gradebook)             # doctest: +SKIP
    >>> app.send_task(GRADE_SEND, kwargs=grade_of(learner="ada", course_key=key))  # doctest: +SKIP
"""

import logging

from celery import Celery

from campus.enrollments.api import GRADE_SEND, grade_send
from campus.http import ServiceUnavailable

from .redis_clients import BROKER_TRANSPORT_OPTIONS

__all__ = [
    "KEY_PREFIX",
    "MAX_RETRIES",
    "RETRY_MAX_PAUSE_S",
    "VISIBILITY_TIMEOUT_S",
    "LocalTasks",
    "TaskQueue",
    "task_app",
]

logger = logging.getLogger(__name__)

KEY_PREFIX = "campus-tasks:"
# A message taken but not acknowledged goes back to the queue after this long. It must exceed
# the longest task, pauses between its retries included (a retry is a new message, held until
# its time by the worker that took it): otherwise a task still running is handed out again.
VISIBILITY_TIMEOUT_S = 60
MAX_RETRIES = 8
RETRY_MAX_PAUSE_S = 30


def task_app(broker_url: str, *, grades=None, acks_late: bool = True) -> Celery:
    """The Celery app of campus over ``broker_url``. ``grades()`` gives the `GradeBook` the
    task sends to, made on first use in the process that runs the task; None in a process that
    only sends tasks (a relay). ``acks_late=False`` is Celery's default, for the tests that show
    what it loses."""
    app = Celery("campus", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=acks_late,
        task_reject_on_worker_lost=acks_late,
        worker_prefetch_multiplier=1,  # a worker holds one unacknowledged message, not four
        task_ignore_result=True,  # nothing reads results: no result backend
        task_serializer="json",
        accept_content=["json"],
        broker_transport_options={
            "global_keyprefix": KEY_PREFIX,
            "visibility_timeout": VISIBILITY_TIMEOUT_S,
            # kombu looks for expired messages every 10 s but scans on every 10th look only
            # (about 100 s); every look scans here, so one comes back within ~70 s at most.
            "unacked_restore_throttle": 1,
            **BROKER_TRANSPORT_OPTIONS,  # no call to the broker without a timeout
        },
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,  # campus configures logging (campus.django_base)
        worker_enable_remote_control=False,  # no broadcast queues: nothing here sends commands
    )
    app.campus_grades = grades  # what the task reads: `_grade_send_task`
    app.task(
        name=GRADE_SEND,
        bind=True,
        autoretry_for=(ServiceUnavailable,),
        retry_backoff=1,
        retry_backoff_max=RETRY_MAX_PAUSE_S,
        max_retries=MAX_RETRIES,
    )(_grade_send_task)
    return app


def _grade_send_task(task, **grade) -> None:
    # One function for every app (Celery warns when a name gets a second callable); each app
    # keeps its GradeBook, made on the first task it runs.
    app = task.app
    if getattr(app, "campus_gradebook", None) is None:
        if app.campus_grades is None:
            raise RuntimeError("this Celery app only sends tasks: it has no GradeBook")
        app.campus_gradebook = app.campus_grades()
    grade_send(grades=app.campus_gradebook, **grade)


class TaskQueue:
    """The task outbox's bus under ``campus up``: each row's message becomes a task on the
    broker, under the row's task id."""

    def __init__(self, app: Celery):
        self.app = app

    def publish(self, message: dict) -> None:
        self.app.send_task(message["task"], kwargs=message["kwargs"], task_id=message["id"])


class LocalTasks:
    """The task outbox's bus in the in-process runtime: the relay's thread runs each task
    itself, after the commit that wrote it, one attempt per publish.

    A failure the task would retry (its ``autoretry_for``) is raised: the row stays in the
    outbox, and the relay tries again after its own pause, as a worker would after the task's.
    Any other failure ends the task, as a worker marks it failed."""

    def __init__(self, app: Celery):
        self.app = app

    def publish(self, message: dict) -> None:
        task = self.app.tasks[message["task"]]
        try:
            # Called directly, a Celery task runs once in this thread, and its autoretry raises
            # the original error rather than retrying back to back (``Task.retry``).
            task(**message["kwargs"])
        except task.autoretry_for:
            raise
        except Exception as error:
            logger.warning("task %s %s failed, not retried: %r", task.name, message["id"], error)
