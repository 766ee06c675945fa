from django.db import models

from campus.events.outbox import AbstractOutboxEvent


class Enrollment(models.Model):
    """A learner in a course run. ``course_key`` is a plain id, not a foreign key: the course
    lives in the catalog's database, which this service may not query."""

    class Status(models.TextChoices):
        ACTIVE = "active"
        COMPLETED = "completed"

    learner = models.CharField(max_length=64)
    course_key = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "course_key"], name="one_enrollment_per_run")
        ]

    def __str__(self):
        return f"{self.learner} in {self.course_key}"


class OutboxEvent(AbstractOutboxEvent):
    """Events enrollments has announced, written in the transaction of the change they announce
    and published by a relay (see `campus.events.outbox`)."""
