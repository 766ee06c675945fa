from django.db import models

from campus.events.outbox import AbstractOutboxEvent
from campus.events.task_outbox import AbstractOutboxTask


class Enrollment(models.Model):
    """A learner in a course run. ``course_key`` is a plain id, not a foreign key: the course
    lives in the catalog's database, which this service may not query."""

    class Status(models.TextChoices):
        PENDING = "pending"  # its saga has not finished: no seat confirmed yet
        ACTIVE = "active"
        COMPLETED = "completed"
        REJECTED = "rejected"  # its saga ended without a seat; ``reason`` says why

    learner = models.CharField(max_length=64)
    course_key = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            # A rejected attempt does not stop the learner from trying again.
            models.UniqueConstraint(
                fields=["learner", "course_key"],
                condition=~models.Q(status="rejected"),
                name="one_live_enrollment_per_run",
            )
        ]

    def __str__(self):
        return f"{self.learner} in {self.course_key}"


class EnrollmentSaga(models.Model):
    """Where an enrollment's saga stands (`campus.enrollments.saga`), in the same database as
    the enrollment, so a crashed orchestrator's work is found and finished by the recovery."""

    class Step(models.TextChoices):
        RESERVE_SEAT = "reserve_seat"
        CONFIRM = "confirm"
        RELEASE_SEAT = "release_seat"  # compensating
        DONE = "done"
        REJECTED = "rejected"

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="saga")
    # The idempotency key of every call to the catalog this saga makes.
    saga_id = models.CharField(max_length=64, unique=True)
    step = models.CharField(max_length=16, choices=Step.choices, default=Step.RESERVE_SEAT)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True, default="")
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"saga {self.saga_id} at {self.step}"


class OutboxEvent(AbstractOutboxEvent):
    """Events enrollments has announced, written in the transaction of the change they announce
    and published by a relay (see `campus.events.outbox`)."""


class OutboxTask(AbstractOutboxTask):
    """Tasks enrollments has decided on (a learner's grade to send to credentials), written in
    the transaction of the change that decides them and sent to the task queue by a relay (see
    `campus.events.task_outbox`)."""
