"""A transactional outbox for commands: a task to run (``grade_send``, with its arguments) is a
row written in the transaction that decides it, and a relay hands the rows to a task queue
afterwards (Celery's, under ``campus up``).

What it fixes: ``transaction.on_commit(lambda: task.delay(...))`` sends the task after the
commit, from the same process; a process that dies in between has committed the change and sent
nothing, and no one will ever send it. Here the row commits with the change, so a relay sends it
whenever it next runs. The price is the outbox's: a relay that dies after sending but before
marking the row sends it again, so the task must be safe to run twice.

The rows are relayed by `campus.events.outbox.OutboxRelay` with ``decode=task_message`` and a
bus whose ``publish(message)`` enqueues the task.

    >>> with transaction.atomic():                                        # doctest: +SKIP
    ...     enrollment.save(); task_enqueue(TaskOutbox, "grade_send", {"learner": "ada"})
"""

import json
import uuid

from django.db import connections, models, router
from django.utils import timezone

from .outbox import OutsideTransaction

__all__ = ["AbstractOutboxTask", "task_enqueue", "task_message"]


class AbstractOutboxTask(models.Model):
    """One task waiting to be sent (``published_at`` null) or already sent."""

    task_id = models.CharField(max_length=64, unique=True)  # the Celery task id it is sent with
    task_name = models.CharField(max_length=255)
    payload = models.TextField()  # JSON: {"id", "task", "kwargs"}
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return f"{self.task_name} {self.task_id}"


def task_enqueue(model: type[AbstractOutboxTask], task: str, kwargs: dict) -> str:
    """Write task ``task`` with ``kwargs`` (JSON values) to ``model``'s table, inside the
    caller's transaction; its task id. Raises `OutsideTransaction` outside one."""
    alias = router.db_for_write(model)
    if not connections[alias].in_atomic_block:
        raise OutsideTransaction(f"enqueue {task} inside transaction.atomic()")
    task_id = uuid.uuid4().hex
    payload = json.dumps({"id": task_id, "task": task, "kwargs": kwargs})
    model.objects.using(alias).create(task_id=task_id, task_name=task, payload=payload)
    return task_id


def task_message(payload: str) -> dict:
    """A row's payload as the relay hands it to the bus: ``{"id", "task", "kwargs"}``."""
    return json.loads(payload)
